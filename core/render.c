/* The render's twin: typesetter/render.py's _text_operators, with _segments, _glyph_run,
 * _tj_array and pdfwriter.number. */
#include "core.h"

/* -- text_operators -------------------------------------------------------------------------- */

typedef struct {
    char *data;
    Py_ssize_t len, cap;
} Chars;

static int chars_add(Chars *b, const char *s, Py_ssize_t n)
{
    if (b->len + n > b->cap) {
        Py_ssize_t cap = (b->cap ? b->cap * 2 : 256);
        while (cap < b->len + n)
            cap *= 2;
        char *grown = PyMem_Realloc(b->data, cap);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

/* pdfwriter.number: at most three decimals, no trailing zeros, "0" for -0 and nothing. A page
 * repeats few numbers many times (a justified line's one adjustment between every two glyphs),
 * so each is kept once formatted, as Numbers does, in a table by the number's bits. */
#define NUMBER_SLOTS 4096
typedef struct {
    uint64_t bits;
    unsigned char len; /* 0: empty */
    char text[31];
} FormattedNumber;
static FormattedNumber formatted[NUMBER_SLOTS];

static int add_number(Chars *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    FormattedNumber *slot = &formatted[(bits ^ (bits >> 29) ^ (bits >> 47)) & (NUMBER_SLOTS - 1)];
    if (slot->len && slot->bits == bits)
        return chars_add(b, slot->text, slot->len);
    char *s = PyOS_double_to_string(v, 'f', 3, 0, NULL);
    if (s == NULL)
        return -1;
    Py_ssize_t n = (Py_ssize_t)strlen(s);
    while (n > 0 && s[n - 1] == '0')
        n--;
    while (n > 0 && s[n - 1] == '.')
        n--;
    const char *text = s;
    if (n == 0 || (n == 2 && s[0] == '-' && s[1] == '0')) {
        text = "0";
        n = 1;
    }
    if (n < (Py_ssize_t)sizeof slot->text) {
        slot->bits = bits;
        slot->len = (unsigned char)n;
        memcpy(slot->text, text, n);
    }
    int r = chars_add(b, text, n);
    PyMem_Free(s);
    return r;
}

/* A font's code and advance for a character at a size, as its table (EmbeddedFace.at_size) gave
 * them: a table never changes what it holds for a character, so each is looked up once here.
 * An entry holds its table, so that no other table can take its address while it is here;
 * forget_codes() lets them all go when a render is done (else a long-running process, as
 * --watch is, would keep every past build's tables). */
#define CODE_SLOTS 8192
typedef struct {
    PyObject *table, *code; /* owned; NULL: empty */
    Py_UCS4 ch;
    double advance;
} KnownCode;
static KnownCode known_codes[CODE_SLOTS];

static inline KnownCode *known_slot(PyObject *table, Py_UCS4 ch)
{
    uintptr_t key = ((uintptr_t)table >> 4) ^ ((uintptr_t)ch * 2654435761u);
    return &known_codes[(key ^ (key >> 13)) & (CODE_SLOTS - 1)];
}

/* forget_codes(): the codes kept above let go, with their tables */
PyObject *forget_codes(PyObject *self, PyObject *unused)
{
    for (Py_ssize_t k = 0; k < CODE_SLOTS; k++) {
        Py_CLEAR(known_codes[k].table);
        Py_CLEAR(known_codes[k].code);
    }
    Py_RETURN_NONE;
}

static double fake_bold; /* render.FAKE_BOLD */
static PyObject *py_text_operators; /* the Python _text_operators, for the lines handled there */
/* the attributes and methods looked up (interned by bind_render) */
static PyObject *code_at_size_name, *embedded_name, *at_size_name, *name_name, *glyphs_name, *size_name,
    *bold_name, *x_name, *y_name, *text_name, *xs_name, *runs_name, *scales_name;

/* bind_render({"FAKE_BOLD": …}, python_text_operators) */
PyObject *bind_render(PyObject *self, PyObject *args)
{
    PyObject *constants, *fallback;
    if (!PyArg_ParseTuple(args, "O!O:bind_render", &PyDict_Type, &constants, &fallback)
        || float_constant(constants, "FAKE_BOLD", &fake_bold) < 0)
        return NULL;
    keep(&py_text_operators, fallback);
    if (intern(&code_at_size_name, "code_at_size") < 0
        || intern(&embedded_name, "embedded") < 0
        || intern(&at_size_name, "at_size") < 0
        || intern(&name_name, "name") < 0
        || intern(&glyphs_name, "glyphs") < 0
        || intern(&size_name, "size") < 0
        || intern(&bold_name, "bold") < 0
        || intern(&x_name, "x") < 0
        || intern(&y_name, "y") < 0
        || intern(&text_name, "text") < 0
        || intern(&xs_name, "xs") < 0
        || intern(&runs_name, "runs") < 0
        || intern(&scales_name, "scales") < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* render._glyph_run: the codes of text[start:end] into tj (a TJ array's inside), each after
 * the adjustment that puts it at its x where the pen is not already there. 1: done, with
 * *pen after the last glyph; 0: a code that is not one byte a character (the Python function
 * does such a line); -1: an error. */
static int glyph_codes(Chars *tj, PyObject *text, const double *xs, Py_ssize_t start, Py_ssize_t end, double x0,
                       double *pen_io, PyObject *em_obj, double em, double scale, PyObject *known, PyObject *font)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    double pen = *pen_io;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        KnownCode *slot = known_slot(known, c);
        if (slot->table != known || slot->ch != c) {
            PyObject *ch = PyUnicode_FromOrdinal(c);
            if (ch == NULL)
                return -1;
            PyObject *found = PyDict_GetItemWithError(known, ch); /* borrowed */
            if (found != NULL)
                Py_INCREF(found);
            else if (!PyErr_Occurred())
                found = PyObject_CallMethodObjArgs(font, code_at_size_name, ch, em_obj, NULL);
            Py_DECREF(ch);
            if (found == NULL)
                return -1;
            PyObject *code;
            double advance;
            if (!PyTuple_Check(found) || PyTuple_GET_SIZE(found) != 2
                || !PyUnicode_Check(code = PyTuple_GET_ITEM(found, 0))
                || get_double(PyTuple_GET_ITEM(found, 1), &advance) < 0) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_TypeError, "a code is (str, advance)");
                Py_DECREF(found);
                return -1;
            }
            if (PyUnicode_KIND(code) != PyUnicode_1BYTE_KIND) {
                Py_DECREF(found);
                return 0;
            }
            Py_XSETREF(slot->table, Py_NewRef(known));
            Py_XSETREF(slot->code, Py_NewRef(code));
            slot->ch = c;
            slot->advance = advance;
            Py_DECREF(found);
        }
        PyObject *code = slot->code;
        double advance = slot->advance;
        double x = xs[i] + x0;
        double delta = x - pen;
        int r = 0;
        if (delta > 1e-4 || delta < -1e-4) {
            r = chars_add(tj, ") ", 2);
            if (r == 0)
                r = add_number(tj, -delta / em / scale);
            if (r == 0)
                r = chars_add(tj, " (", 2);
        }
        if (r == 0)
            r = chars_add(tj, (const char *)PyUnicode_DATA(code), PyUnicode_GET_LENGTH(code));
        if (r < 0)
            return -1;
        pen = x + advance * scale;
    }
    *pen_io = pen;
    return 1;
}

/* render._tj_array: the TJ operator of an array's inside; one that begins with an adjustment
 * begins with its number, not with an empty string. Empties tj. */
static int add_tj_array(Chars *ops, Chars *tj)
{
    int r;
    if (tj->len >= 2 && tj->data[0] == ')' && tj->data[1] == ' ')
        r = chars_add(ops, " [", 2) || chars_add(ops, tj->data + 2, tj->len - 2) || chars_add(ops, ")] TJ", 5);
    else
        r = chars_add(ops, " [(", 3) || chars_add(ops, tj->data, tj->len) || chars_add(ops, ")] TJ", 5);
    tj->len = 0;
    return r ? -1 : 0;
}

static inline int add_str(Chars *b, const char *s) { return chars_add(b, s, (Py_ssize_t)strlen(s)); }

static int add_unicode(Chars *b, PyObject *s)
{
    if (!PyUnicode_Check(s) || PyUnicode_KIND(s) != PyUnicode_1BYTE_KIND) {
        PyErr_SetString(PyExc_TypeError, "a font's name is one byte a character");
        return -1;
    }
    return chars_add(b, (const char *)PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s));
}

static PyObject *get_attr_double(PyObject *o, PyObject *name, double *out)
{
    PyObject *v = PyObject_GetAttr(o, name);
    if (v != NULL && get_double(v, out) < 0)
        Py_CLEAR(v);
    return v;
}

/* text_operators(item, height, fonts, nums) -> str: render._text_operators. The numbers are
 * formatted as nums (Numbers) does. A line with a code of more than a byte a character (which
 * no font of ours makes) is handed to the Python function. */
PyObject *text_operators(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "text_operators(item, height, fonts, nums)");
        return NULL;
    }
    PyObject *item = args[0], *fonts = args[2];
    PyObject *result = NULL, *glyphs = NULL, *size_obj = NULL, *x_obj = NULL, *y_obj = NULL, *bold_obj = NULL,
             *text = NULL, *xs_obj = NULL, *runs = NULL, *scales = NULL, *em_obj = NULL, *font = NULL, *known = NULL,
             *face = NULL;
    Py_buffer view = {0};
    Chars ops = {NULL, 0, 0}, tj = {NULL, 0, 0};
    double height, size, x0, y, em, scale = 1.0, pen = 0.0;
    int have_pen = 0, bold;
    if (get_double(args[1], &height) < 0 || (glyphs = PyObject_GetAttr(item, glyphs_name)) == NULL
        || (size_obj = get_attr_double(item, size_name, &size)) == NULL
        || (x_obj = get_attr_double(item, x_name, &x0)) == NULL || (y_obj = get_attr_double(item, y_name, &y)) == NULL
        || (bold_obj = PyObject_GetAttr(item, bold_name)) == NULL || (bold = truth(bold_obj)) < 0
        || (text = PyObject_GetAttr(glyphs, text_name)) == NULL || (xs_obj = PyObject_GetAttr(glyphs, xs_name)) == NULL
        || (runs = PyObject_GetAttr(glyphs, runs_name)) == NULL || (scales = PyObject_GetAttr(glyphs, scales_name)) == NULL)
        goto done;
    if (!PyUnicode_Check(text) || !PyTuple_Check(runs) || (scales != Py_None && !PyDict_Check(scales))) {
        PyErr_SetString(PyExc_TypeError, "glyphs: text, runs and scales");
        goto done;
    }
    if (PyObject_GetBuffer(xs_obj, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        goto done;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (view.format == NULL || strcmp(view.format, "d") != 0 || view.len / (Py_ssize_t)sizeof(double) < n) {
        PyErr_SetString(PyExc_TypeError, "glyphs: xs, a double a glyph");
        goto done;
    }
    const double *xs = (const double *)view.buf;
    em = size / 1000;
    if ((em_obj = PyFloat_FromDouble(em)) == NULL)
        goto done;
    if (add_str(&ops, "BT") < 0)
        goto done;
    if (bold && (add_str(&ops, " 2 Tr ") < 0 || add_number(&ops, size * fake_bold) < 0 || add_str(&ops, " w") < 0))
        goto done;
    Py_ssize_t nruns = PyTuple_GET_SIZE(runs);
    for (Py_ssize_t r = 0; r < nruns; r++) { /* render._segments: a face's run, split where the scale changes */
        PyObject *run = PyTuple_GET_ITEM(runs, r);
        if (!PyTuple_Check(run) || PyTuple_GET_SIZE(run) != 2) {
            PyErr_SetString(PyExc_TypeError, "glyphs: runs of (start, face)");
            goto done;
        }
        Py_ssize_t run_start = PyLong_AsSsize_t(PyTuple_GET_ITEM(run, 0)), run_end = n;
        if (r + 1 < nruns) {
            PyObject *next = PyTuple_GET_ITEM(runs, r + 1);
            if (!PyTuple_Check(next) || PyTuple_GET_SIZE(next) != 2) {
                PyErr_SetString(PyExc_TypeError, "glyphs: runs of (start, face)");
                goto done;
            }
            run_end = PyLong_AsSsize_t(PyTuple_GET_ITEM(next, 0));
        }
        if (PyErr_Occurred())
            goto done;
        if (run_start < 0 || run_end > n) {
            PyErr_SetString(PyExc_IndexError, "glyphs: a run beyond the text");
            goto done;
        }
        PyObject *run_face = PyTuple_GET_ITEM(run, 1);
        Py_ssize_t first = run_start;
        while (first < run_end) {
            double hscale = 1.0;
            Py_ssize_t last = run_end;
            if (scales != Py_None) { /* the stretch of one scale from first */
                for (Py_ssize_t j = first; j < run_end; j++) {
                    PyObject *key = PyLong_FromSsize_t(j), *v;
                    if (key == NULL)
                        goto done;
                    v = PyDict_GetItemWithError(scales, key);
                    Py_DECREF(key);
                    double js = 1.0;
                    if (v == NULL && PyErr_Occurred())
                        goto done;
                    if (v != NULL && get_double(v, &js) < 0)
                        goto done;
                    if (j == first)
                        hscale = js;
                    else if (js != hscale) {
                        last = j;
                        break;
                    }
                }
            }
            if (run_face != face) {
                PyObject *embedded = PyObject_CallMethodObjArgs(fonts, embedded_name, run_face, NULL);
                if (embedded == NULL)
                    goto done;
                Py_XSETREF(face, Py_NewRef(run_face));
                if (embedded != font) {
                    if (tj.len && add_tj_array(&ops, &tj) < 0) {
                        Py_DECREF(embedded);
                        goto done;
                    }
                    PyObject *name = PyObject_GetAttr(embedded, name_name);
                    int bad = name == NULL || add_str(&ops, " ") < 0 || add_unicode(&ops, name) < 0 || add_str(&ops, " ") < 0
                              || add_number(&ops, size) < 0 || add_str(&ops, " Tf") < 0;
                    Py_XDECREF(name);
                    Py_XSETREF(font, embedded);
                    if (bad)
                        goto done;
                    Py_XSETREF(known, PyObject_CallMethodObjArgs(font, at_size_name, em_obj, NULL));
                    if (known == NULL)
                        goto done;
                    if (!PyDict_Check(known)) {
                        PyErr_SetString(PyExc_TypeError, "at_size() gives a dict");
                        goto done;
                    }
                } else {
                    Py_DECREF(embedded);
                }
            }
            if (hscale != scale || !have_pen) {
                if (tj.len && add_tj_array(&ops, &tj) < 0)
                    goto done;
                if (hscale != scale) {
                    if (add_str(&ops, " ") < 0 || add_number(&ops, hscale * 100) < 0 || add_str(&ops, " Tz") < 0)
                        goto done;
                    scale = hscale;
                }
                pen = x0 + xs[first];
                have_pen = 1;
                if (add_str(&ops, " 1 0 0 1 ") < 0 || add_number(&ops, pen) < 0 || add_str(&ops, " ") < 0
                    || add_number(&ops, height - y) < 0 || add_str(&ops, " Tm") < 0)
                    goto done;
            }
            int done_run = glyph_codes(&tj, text, xs, first, last, x0, &pen, em_obj, em, scale, known, font);
            if (done_run < 0)
                goto done;
            if (done_run == 0) {
                result = PyObject_Vectorcall(py_text_operators, args, 4, NULL);
                goto done;
            }
            first = last;
        }
    }
    if (add_tj_array(&ops, &tj) < 0 || (scale != 1.0 && add_str(&ops, " 100 Tz") < 0)
        || (bold && add_str(&ops, " 0 Tr") < 0) || add_str(&ops, " ET") < 0)
        goto done;
    result = PyUnicode_DecodeLatin1(ops.data, ops.len, NULL);
done:
    if (view.obj != NULL)
        PyBuffer_Release(&view);
    PyMem_Free(ops.data);
    PyMem_Free(tj.data);
    Py_XDECREF(glyphs);
    Py_XDECREF(size_obj);
    Py_XDECREF(x_obj);
    Py_XDECREF(y_obj);
    Py_XDECREF(bold_obj);
    Py_XDECREF(text);
    Py_XDECREF(xs_obj);
    Py_XDECREF(runs);
    Py_XDECREF(scales);
    Py_XDECREF(em_obj);
    Py_XDECREF(font);
    Py_XDECREF(known);
    Py_XDECREF(face);
    return result;
}

