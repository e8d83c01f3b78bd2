/* The text engine's hottest loops, compiled: twins of Python functions that stay the
 * reference (typesetter/native.py binds them; TYPESETTER_PURE=1 keeps the Python ones).
 *
 *   make_atoms     typesetter.text.atoms.make_atoms: a paragraph's atoms, with their glue
 *   set_line       typesetter.text.breaker._set_line: one line's glyphs, justified
 *   break_exact    typesetter.text.breaker._break_exact: breaks giving exactly n lines
 *   natural_fit, line_spread   the breaker's two loops over a line's atoms
 *   text_operators typesetter.render._text_operators: a line's text operators
 *
 * Each computes with the same doubles in the same order as its Python twin, so that the PDF
 * is the same bytes whichever ran (tests/test_native.py compares them). A case a twin does not
 * handle (a —— to stretch, an address to cut) is handed to the Python function.
 *
 * The atoms are records with __slots__: their fields are read at the slots' offsets, which
 * bind_atoms() looks up once from the class's member descriptors.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* typesetter/native.py's CORE_VERSION: raised with every change of what the module offers or
 * takes, so that a module built from other sources is never used */
#define CORE_VERSION 2
#define EPS 1e-9

/* -- what bind() was given ------------------------------------------------------------- */

static PyTypeObject *atom_type;
static PyObject *line_type, *glyphs_type, *array_type, *typecode_d;
static PyObject *align_justify, *align_center, *align_right;
static PyObject *py_set_line;  /* the Python _set_line, for the lines handled there */
static long kind_han, kind_open, kind_close, kind_middle, kind_dash;
static long break_ok, break_discouraged, break_letter;
static double max_looseness, letter_cost, han_latin;

enum { F_TEXT, F_KIND, F_FACES, F_ADVANCES, F_WIDTH, F_BLANK_L, F_BLANK_R, F_GLUE, F_GLUE_MIN,
       F_GLUE_MAX, F_SPACE, F_BRK, F_RIGID, F_COUNT };
static const char *field_names[F_COUNT] = {"text", "kind", "faces", "advances", "width", "blank_l",
    "blank_r", "glue", "glue_min", "glue_max", "space", "brk", "rigid"};
static Py_ssize_t field_offset[F_COUNT];
static int bound = 0;       /* bind_breaker was called */
static int atoms_bound = 0; /* bind_atoms was called */

#define FIELD(o, f) (*(PyObject **)((char *)(o) + field_offset[f]))

static int slot_offset(PyTypeObject *tp, const char *name, Py_ssize_t *out)
{
    PyObject *d = PyObject_GetAttrString((PyObject *)tp, name);
    if (d == NULL)
        return -1;
    if (Py_TYPE(d) != &PyMemberDescr_Type) {
        Py_DECREF(d);
        PyErr_Format(PyExc_TypeError, "%s.%s is not a slot", tp->tp_name, name);
        return -1;
    }
    PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
    if (m->type != T_OBJECT_EX && m->type != T_OBJECT) {
        Py_DECREF(d);
        PyErr_Format(PyExc_TypeError, "%s.%s is not an object slot", tp->tp_name, name);
        return -1;
    }
    *out = m->offset;
    Py_DECREF(d);
    return 0;
}

static int int_constant(PyObject *constants, const char *name, long *out)
{
    PyObject *v = PyDict_GetItemString(constants, name); /* borrowed */
    if (v == NULL) {
        PyErr_Format(PyExc_KeyError, "constant %s", name);
        return -1;
    }
    *out = PyLong_AsLong(v);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static int float_constant(PyObject *constants, const char *name, double *out)
{
    PyObject *v = PyDict_GetItemString(constants, name); /* borrowed */
    if (v == NULL) {
        PyErr_Format(PyExc_KeyError, "constant %s", name);
        return -1;
    }
    *out = PyFloat_AsDouble(v);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static void keep(PyObject **slot, PyObject *value)
{
    Py_XINCREF(value);
    Py_XSETREF(*slot, value);
}

/* bind_breaker(Line, Glyphs, array, aligns (justify, center, right), constants {name: value},
 *              python_set_line): the constants are the breaker's MAX_LOOSENESS and LETTER_COST.
 * The atoms' own (their class, kinds, break classes) come from bind_atoms, called first. */
static PyObject *bind_breaker(PyObject *self, PyObject *args)
{
    PyObject *line, *glyphs, *array, *aligns, *constants, *fallback;
    if (!PyArg_ParseTuple(args, "OOOO!O!O:bind_breaker", &line, &glyphs, &array, &PyTuple_Type, &aligns,
                          &PyDict_Type, &constants, &fallback))
        return NULL;
    if (PyTuple_GET_SIZE(aligns) != 3) {
        PyErr_SetString(PyExc_ValueError, "aligns: (justify, center, right)");
        return NULL;
    }
    if (float_constant(constants, "MAX_LOOSENESS", &max_looseness) < 0
        || float_constant(constants, "LETTER_COST", &letter_cost) < 0)
        return NULL;
    keep(&line_type, line);
    keep(&glyphs_type, glyphs);
    keep(&array_type, array);
    keep(&align_justify, PyTuple_GET_ITEM(aligns, 0));
    keep(&align_center, PyTuple_GET_ITEM(aligns, 1));
    keep(&align_right, PyTuple_GET_ITEM(aligns, 2));
    keep(&py_set_line, fallback);
    bound = 1;
    Py_RETURN_NONE;
}

/* -- numbers as Python computes them ---------------------------------------------------- */

static inline int get_double(PyObject *o, double *out)
{
    if (PyFloat_CheckExact(o)) {
        *out = PyFloat_AS_DOUBLE(o);
        return 0;
    }
    double v = PyFloat_AsDouble(o);
    if (v == -1.0 && PyErr_Occurred())
        return -1;
    *out = v;
    return 0;
}

static inline int truth(PyObject *o)
{
    if (o == Py_True)
        return 1;
    if (o == Py_False || o == Py_None)
        return 0;
    return PyObject_IsTrue(o);
}

/* sum() of a list of floats, as the running Python's builtin adds them: left to right from
 * 0, and from 3.12 on with the compensation its float loop keeps (Neumaier). */
static double py_sum(const double *v, Py_ssize_t n)
{
    if (n == 0)
        return 0.0;
    double r = 0.0 + v[0];
#if PY_VERSION_HEX >= 0x030C0000
    double c = 0.0;
    for (Py_ssize_t i = 1; i < n; i++) {
        double x = v[i], t = r + x;
        if (fabs(r) >= fabs(x))
            c += (r - t) + x;
        else
            c += (x - t) + r;
        r = t;
    }
    if (c && isfinite(c))
        r += c;
#else
    for (Py_ssize_t i = 1; i < n; i++)
        r += v[i];
#endif
    return r;
}

/* -- set_line ---------------------------------------------------------------------------- */

typedef struct {
    PyObject *atom; /* borrowed */
    long kind;
    double width, blank_l, blank_r, glue, glue_min, glue_max;
    int rigid, space;
} AtomView;

/* breaker._compress: 先挤进, the blanks of mid-line marks first, then an opening bracket's at
 * the line's start, then the glue; what is left over (< 0: the line cannot be made to fit).
 * `values` is scratch room for 2n doubles. */
static double compress(AtomView *line, Py_ssize_t n, double *widths, double *blank_l, double *blank_r, double *glues,
                       double deficit, double *values)
{
    double head = line[0].kind == kind_open ? blank_l[0] : 0.0;
    blank_l[0] -= head; /* kept back: trimmed only if the mid-line marks are not enough */
    for (int pool = 0; pool < 2; pool++) {
        Py_ssize_t nv = 0;
        if (pool == 1) {
            blank_l[0] += head;
            if (head > EPS)
                values[nv++] = blank_l[0];
        } else {
            for (Py_ssize_t k = 0; k < n; k++) {
                if (blank_l[k] > EPS)
                    values[nv++] = blank_l[k];
                if (blank_r[k] > EPS)
                    values[nv++] = blank_r[k];
            }
        }
        double room = py_sum(values, nv);
        if (deficit <= EPS || room <= EPS)
            continue;
        double ratio = deficit / room < 1.0 ? deficit / room : 1.0;
        if (pool == 1) {
            double cut = blank_l[0] * ratio;
            widths[0] -= cut;
            blank_l[0] -= cut;
        } else {
            for (Py_ssize_t k = 0; k < n; k++) { /* the sources in the order they were summed */
                if (blank_l[k] > EPS) {
                    double cut = blank_l[k] * ratio;
                    widths[k] -= cut;
                    blank_l[k] -= cut;
                }
                if (blank_r[k] > EPS) {
                    double cut = blank_r[k] * ratio;
                    widths[k] -= cut;
                    blank_r[k] -= cut;
                }
            }
        }
        deficit -= room * ratio;
    }
    if (deficit > EPS) {
        Py_ssize_t nv = 0;
        for (Py_ssize_t k = 1; k < n; k++)
            values[nv++] = glues[k] - line[k].glue_min;
        double room = py_sum(values, nv);
        if (room > EPS) {
            double ratio = deficit / room < 1.0 ? deficit / room : 1.0;
            for (Py_ssize_t k = 1; k < n; k++)
                glues[k] -= (glues[k] - line[k].glue_min) * ratio;
            deficit -= room * ratio;
        }
    }
    return -deficit;
}

/* breaker._spread */
static void spread(AtomView *line, Py_ssize_t n, double *glues, double extra)
{
    int limited = 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (line[k].glue_max != 0.0 || line[k].rigid) {
            limited = 1;
            break;
        }
    if (!limited) {
        if (n > 1) {
            double share = extra / (double)(n - 1);
            for (Py_ssize_t k = 1; k < n; k++)
                glues[k] = glues[k] + share;
        }
        return;
    }
    Py_ssize_t *free_ = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1));
    Py_ssize_t *capped = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1));
    if (free_ == NULL || capped == NULL) { /* no memory: spread evenly, as far as it goes */
        PyMem_Free(free_);
        PyMem_Free(capped);
        return;
    }
    Py_ssize_t nfree = 0;
    for (Py_ssize_t k = 1; k < n; k++)
        if (!line[k].rigid)
            free_[nfree++] = k;
    while (nfree && extra > EPS) {
        double share = extra / (double)nfree;
        Py_ssize_t ncapped = 0;
        for (Py_ssize_t i = 0; i < nfree; i++) {
            Py_ssize_t k = free_[i];
            if (line[k].glue_max != 0.0 && glues[k] + share > line[k].glue_max + EPS)
                capped[ncapped++] = k;
        }
        if (ncapped == 0 || ncapped == nfree) {
            for (Py_ssize_t i = 0; i < nfree; i++)
                glues[free_[i]] += share;
            break;
        }
        for (Py_ssize_t i = 0; i < ncapped; i++) {
            Py_ssize_t k = capped[i];
            extra -= line[k].glue_max - glues[k];
            glues[k] = line[k].glue_max;
        }
        Py_ssize_t kept = 0, j = 0;
        for (Py_ssize_t i = 0; i < nfree; i++) { /* capped is in free's order */
            if (j < ncapped && capped[j] == free_[i]) {
                j++;
                continue;
            }
            free_[kept++] = free_[i];
        }
        nfree = kept;
    }
    PyMem_Free(free_);
    PyMem_Free(capped);
}

typedef struct {
    Py_UCS4 *chars;
    double *xs;
    PyObject **faces; /* borrowed */
    Py_ssize_t len, cap;
} Placed;

static inline void put(Placed *out, Py_UCS4 ch, PyObject *face, double x)
{
    out->chars[out->len] = ch;
    out->xs[out->len] = x;
    out->faces[out->len] = face;
    out->len++;
}

static PyObject *fall_back(PyObject *const *args)
{
    return PyObject_Vectorcall(py_set_line, args, 9, NULL);
}

/* set_line(atoms, s, e, avail, offset, measure, align, last, size) -> Line: as _set_line */
static PyObject *set_line(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!bound || !atoms_bound) {
        PyErr_SetString(PyExc_RuntimeError, "set_line before bind");
        return NULL;
    }
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError, "set_line takes 9 arguments");
        return NULL;
    }
    PyObject *atoms = args[0];
    if (!PyList_CheckExact(atoms))
        return fall_back(args);
    Py_ssize_t s = PyLong_AsSsize_t(args[1]), e = PyLong_AsSsize_t(args[2]);
    if ((s == -1 || e == -1) && PyErr_Occurred())
        return NULL;
    double avail, offset, measure, size;
    if (get_double(args[3], &avail) < 0 || get_double(args[4], &offset) < 0
        || get_double(args[5], &measure) < 0 || get_double(args[8], &size) < 0)
        return NULL;
    PyObject *align = args[6];
    int last = truth(args[7]);
    if (last < 0)
        return NULL;
    Py_ssize_t total = PyList_GET_SIZE(atoms);
    if (s < 0 || e > total || e - s < 1)
        return fall_back(args);
    Py_ssize_t n = e - s;

    PyObject *result = NULL;
    AtomView *line = PyMem_Malloc(sizeof(AtomView) * n);
    double *widths = PyMem_Malloc(sizeof(double) * n * 6); /* and blank_l, blank_r, glues, scratch */
    Placed out = {NULL, NULL, NULL, 0, 0};
    if (line == NULL || widths == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    double *blank_l = widths + n, *blank_r = widths + 2 * n, *glues = widths + 3 * n, *scratch = widths + 4 * n;
    Py_ssize_t cap = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *a = PyList_GET_ITEM(atoms, s + k);
        if (Py_TYPE(a) != atom_type)
            goto python;
        AtomView *v = &line[k];
        v->atom = a;
        PyObject *f;
        for (int i = F_TEXT; i < F_COUNT; i++)
            if (FIELD(a, i) == NULL)
                goto python; /* a field never set: let Python say so */
        v->kind = PyLong_AsLong(FIELD(a, F_KIND));
        if (v->kind == -1 && PyErr_Occurred())
            goto done;
        if (v->kind == kind_dash)
            goto python; /* the halves of —— are stretched: _place does it */
        if (get_double(FIELD(a, F_WIDTH), &v->width) < 0 || get_double(FIELD(a, F_BLANK_L), &v->blank_l) < 0
            || get_double(FIELD(a, F_BLANK_R), &v->blank_r) < 0 || get_double(FIELD(a, F_GLUE), &v->glue) < 0
            || get_double(FIELD(a, F_GLUE_MIN), &v->glue_min) < 0 || get_double(FIELD(a, F_GLUE_MAX), &v->glue_max) < 0)
            goto done;
        if ((v->rigid = truth(FIELD(a, F_RIGID))) < 0 || (v->space = truth(FIELD(a, F_SPACE))) < 0)
            goto done;
        f = FIELD(a, F_TEXT);
        if (!PyUnicode_CheckExact(f) || !PyTuple_CheckExact(FIELD(a, F_FACES))
            || !PyTuple_CheckExact(FIELD(a, F_ADVANCES)))
            goto python;
        Py_ssize_t len = PyUnicode_GET_LENGTH(f);
        if (len < 1 || PyTuple_GET_SIZE(FIELD(a, F_FACES)) < len || PyTuple_GET_SIZE(FIELD(a, F_ADVANCES)) < len)
            goto python;
        if (v->kind == kind_han && len != 1)
            goto python;
        cap += len + 1; /* its characters, and a space before it */
        widths[k] = v->width;
        blank_l[k] = v->blank_l;
        blank_r[k] = v->blank_r;
        glues[k] = v->glue;
    }

    double span = py_sum(widths, n) + py_sum(glues, n); /* untrimmed, with the first's glue */
    glues[0] = 0.0;
    widths[n - 1] -= blank_r[n - 1]; /* a mark at the line's end sits in half an em */
    blank_r[n - 1] = 0.0;
    double natural = py_sum(widths, n) + py_sum(glues, n);
    double extra = avail - natural;
    if (extra < -EPS)
        extra = compress(line, n, widths, blank_l, blank_r, glues, -extra, scratch);
    int overfull = extra < -EPS;
    int justified = 0;
    if (align == align_justify && !last)
        for (Py_ssize_t k = 1; k < n; k++)
            if (!line[k].rigid) {
                justified = 1;
                break;
            }
    if (justified && extra > EPS)
        spread(line, n, glues, extra);
    double used = py_sum(widths, n) + py_sum(glues, n);
    double x;
    if (align == align_center)
        x = offset + (avail - used) / 2;
    else if (align == align_right)
        x = offset + avail - used;
    else
        x = offset;
    double start = x;

    out.chars = PyMem_Malloc(sizeof(Py_UCS4) * cap);
    out.xs = PyMem_Malloc(sizeof(double) * cap);
    out.faces = PyMem_Malloc(sizeof(PyObject *) * cap);
    out.cap = cap;
    if (out.chars == NULL || out.xs == NULL || out.faces == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    long units = 0;
    Py_ssize_t spaceable = n;
    Py_UCS4 maxchar = 127;
    for (Py_ssize_t k = 0; k < n; k++) {
        AtomView *v = &line[k];
        PyObject *a = v->atom, *text = FIELD(a, F_TEXT), *faces = FIELD(a, F_FACES);
        if (v->rigid)
            spaceable--;
        if (k) {
            if (v->space) {
                PyObject *pf = FIELD(line[k - 1].atom, F_FACES);
                put(&out, ' ', PyTuple_GET_ITEM(pf, PyTuple_GET_SIZE(pf) - 1), x * size);
            }
            x += glues[k];
        }
        long kind = v->kind;
        double width = widths[k];
        if (kind == kind_han) {
            put(&out, PyUnicode_READ_CHAR(text, 0), PyTuple_GET_ITEM(faces, 0), x * size);
            units++;
        } else {
            PyObject *advances = FIELD(a, F_ADVANCES);
            Py_UCS4 ch0 = PyUnicode_READ_CHAR(text, 0);
            double adv0;
            if (get_double(PyTuple_GET_ITEM(advances, 0), &adv0) < 0)
                goto done;
            if (kind == kind_open) { /* ink on the right of the cell */
                put(&out, ch0, PyTuple_GET_ITEM(faces, 0), (x + width - adv0) * size);
            } else if (kind == kind_close) { /* ink on the left */
                put(&out, ch0, PyTuple_GET_ITEM(faces, 0), x * size);
            } else if (kind == kind_middle) {
                double bl = blank_l[k], br = blank_r[k];
                double centre = x + bl + (width - bl - br) / 2;
                put(&out, ch0, PyTuple_GET_ITEM(faces, 0), (centre - adv0 / 2) * size);
            } else {
                double gx = x;
                Py_ssize_t len = PyUnicode_GET_LENGTH(text);
                for (Py_ssize_t i = 0; i < len; i++) {
                    double adv;
                    if (get_double(PyTuple_GET_ITEM(advances, i), &adv) < 0)
                        goto done;
                    put(&out, PyUnicode_READ_CHAR(text, i), PyTuple_GET_ITEM(faces, i), gx * size);
                    gx += adv;
                }
            }
            if (kind != kind_open && kind != kind_close && kind != kind_middle)
                units++;
        }
        x += width;
    }
    for (Py_ssize_t i = 0; i < out.len; i++)
        if (out.chars[i] > maxchar)
            maxchar = out.chars[i];

    /* Glyphs.from_lists: the text, the xs as doubles, the faces as runs */
    PyObject *text = NULL, *xs_bytes = NULL, *xs = NULL, *runs = NULL, *glyphs = NULL;
    {
        int kind = maxchar < 256 ? PyUnicode_1BYTE_KIND : maxchar < 65536 ? PyUnicode_2BYTE_KIND : PyUnicode_4BYTE_KIND;
        text = PyUnicode_New(out.len, maxchar);
        if (text == NULL)
            goto glyphs_done;
        void *data = PyUnicode_DATA(text);
        for (Py_ssize_t i = 0; i < out.len; i++)
            PyUnicode_WRITE(kind, data, i, out.chars[i]);
        xs_bytes = PyBytes_FromStringAndSize((const char *)out.xs, sizeof(double) * out.len);
        if (xs_bytes == NULL)
            goto glyphs_done;
        xs = PyObject_CallFunctionObjArgs(array_type, typecode_d, xs_bytes, NULL);
        if (xs == NULL)
            goto glyphs_done;
        Py_ssize_t nruns = 0;
        for (Py_ssize_t i = 0; i < out.len; i++)
            if (i == 0 || out.faces[i] != out.faces[i - 1])
                nruns++;
        runs = PyTuple_New(nruns);
        if (runs == NULL)
            goto glyphs_done;
        Py_ssize_t r = 0;
        for (Py_ssize_t i = 0; i < out.len; i++)
            if (i == 0 || out.faces[i] != out.faces[i - 1]) {
                PyObject *pair = Py_BuildValue("(nO)", i, out.faces[i]);
                if (pair == NULL)
                    goto glyphs_done;
                PyTuple_SET_ITEM(runs, r++, pair);
            }
        glyphs = PyObject_CallFunctionObjArgs(glyphs_type, text, xs, runs, NULL);
    glyphs_done:
        Py_XDECREF(text);
        Py_XDECREF(xs_bytes);
        Py_XDECREF(xs);
        Py_XDECREF(runs);
        if (glyphs == NULL)
            goto done;
    }
    result = PyObject_CallFunction(line_type, "NdddOOlOdn", glyphs, measure * size, start * size, x * size,
                                   justified ? Py_True : Py_False, args[7], units, overfull ? Py_True : Py_False,
                                   span * size,
                                   spaceable);
    goto done;

python:
    result = fall_back(args);
done:
    PyMem_Free(line);
    PyMem_Free(widths);
    PyMem_Free(out.chars);
    PyMem_Free(out.xs);
    PyMem_Free(out.faces);
    return result;
}

/* -- break_exact ------------------------------------------------------------------------- */

/* breaker._even_spread */
static inline double even_spread(double extra, long gaps, long capped, double room)
{
    if (gaps == 0)
        return extra;
    double g = extra / (double)gaps;
    if (capped && g * (double)capped > room) {
        if (gaps > capped)
            g = (extra - room) / (double)(gaps - capped);
        else
            g += han_latin;
    }
    return g;
}

/* bisect.bisect_left(a, x, lo) over a[lo:hi] */
static inline Py_ssize_t bisect_doubles(const double *a, double x, Py_ssize_t lo, Py_ssize_t hi)
{
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static inline Py_ssize_t bisect_indices(const Py_ssize_t *a, Py_ssize_t x, Py_ssize_t lo, Py_ssize_t hi)
{
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* break_exact(atoms, first, rest, count, min_last_units, limit=None, unit_cost=None) -> [(s, e)…]
 * or None: breaker._break_exact, step by step (its comments say why each step is so). */
static PyObject *break_exact(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"atoms", "first", "rest", "count", "min_last_units", "limit", "unit_cost", NULL};
    PyObject *atoms, *limit_obj = Py_None, *unit_cost_obj = Py_None;
    double first, rest;
    Py_ssize_t count, min_last_units;
    if (!bound || !atoms_bound) {
        PyErr_SetString(PyExc_RuntimeError, "break_exact before bind");
        return NULL;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!ddnn|OO:break_exact", keywords, &PyList_Type, &atoms,
                                     &first, &rest, &count, &min_last_units, &limit_obj, &unit_cost_obj))
        return NULL;
    double limit = max_looseness, unit_cost = 0.0;
    int has_unit_cost = unit_cost_obj != Py_None;
    if (limit_obj != Py_None && get_double(limit_obj, &limit) < 0)
        return NULL;
    if (has_unit_cost && get_double(unit_cost_obj, &unit_cost) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(atoms);
    if (count < 1) /* no lines cannot hold the paragraph */
        Py_RETURN_NONE;
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "break_exact: no atoms");
        return NULL;
    }

    PyObject *result = NULL;
    /* per atom */
    double *glue = PyMem_Malloc(sizeof(double) * n), *blank_r = PyMem_Malloc(sizeof(double) * n);
    long *brk = PyMem_Malloc(sizeof(long) * n);
    /* per place 0…n */
    double *nat = PyMem_Malloc(sizeof(double) * (n + 1)), *room = PyMem_Malloc(sizeof(double) * (n + 1)),
           *reach = PyMem_Malloc(sizeof(double) * (n + 1));
    long *units = PyMem_Malloc(sizeof(long) * (n + 1)), *flex = PyMem_Malloc(sizeof(long) * (n + 1)),
         *capped = PyMem_Malloc(sizeof(long) * (n + 1));
    /* the layers: cost of the least way to each end reached, the ends in order, where the
     * line ending there starts (back, a row per line) */
    double *cost = PyMem_Malloc(sizeof(double) * (n + 1)), *new_cost = PyMem_Malloc(sizeof(double) * (n + 1));
    Py_ssize_t *reached = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1)),
               *new_reached = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1));
    Py_ssize_t *back = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1) * (size_t)(count + 1));
    if (!glue || !blank_r || !brk || !nat || !room || !reach || !units || !flex || !capped || !cost || !new_cost
        || !reached || !new_reached || !back) {
        PyErr_NoMemory();
        goto done;
    }
    nat[0] = room[0] = reach[0] = 0.0;
    units[0] = flex[0] = capped[0] = 0;
    double max_glue = 0.0, max_blank_r = 0.0;
    for (Py_ssize_t p = 0; p < n; p++) {
        PyObject *a = PyList_GET_ITEM(atoms, p);
        if (Py_TYPE(a) != atom_type) {
            PyErr_SetString(PyExc_TypeError, "break_exact: atoms must be Atoms");
            goto done;
        }
        for (int i = F_TEXT; i < F_COUNT; i++)
            if (FIELD(a, i) == NULL) {
                PyErr_SetString(PyExc_AttributeError, "break_exact: an atom's field is not set");
                goto done;
            }
        double width, glue_max;
        long kind;
        int rigid;
        if (get_double(FIELD(a, F_WIDTH), &width) < 0 || get_double(FIELD(a, F_GLUE), &glue[p]) < 0
            || get_double(FIELD(a, F_GLUE_MAX), &glue_max) < 0 || get_double(FIELD(a, F_BLANK_R), &blank_r[p]) < 0)
            goto done;
        kind = PyLong_AsLong(FIELD(a, F_KIND));
        brk[p] = PyLong_AsLong(FIELD(a, F_BRK));
        if (PyErr_Occurred() || (rigid = truth(FIELD(a, F_RIGID))) < 0)
            goto done;
        /* max(): the first of equals, but equal values are the same number */
        if (p == 0 || glue[p] > max_glue)
            max_glue = glue[p];
        if (p == 0 || blank_r[p] > max_blank_r)
            max_blank_r = blank_r[p];
        nat[p + 1] = nat[p] + width + (p ? glue[p] : 0.0);
        units[p + 1] = units[p] + (kind != kind_open && kind != kind_close && kind != kind_middle);
        int wide = p > 0 && !rigid;
        flex[p + 1] = flex[p] + wide;
        capped[p + 1] = capped[p] + (wide && glue_max > 0);
        room[p + 1] = room[p] + (wide && glue_max != 0.0 ? glue_max - glue[p] : 0.0);
        reach[p + 1] = nat[p + 1] + limit * (double)flex[p + 1];
    }
    long last_needs = units[n] >= min_last_units ? (long)min_last_units : 0;
    double per_line = rest + max_glue + max_blank_r + 1e-6;

    /* the soonest each line can end: where count - 1 lines take every atom, no break gives count */
    Py_ssize_t s = 0;
    for (Py_ssize_t k = 1; k < count; k++) {
        double least = nat[s] + (s ? glue[s] : 0.0) + limit * (double)flex[s + 1] + (k == 1 ? first : rest) - 1e-4;
        s = bisect_doubles(reach, least, s + 1, n + 1);
        if (s >= n) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    Py_ssize_t nreached = 1;
    reached[0] = 0;
    cost[0] = 0.0;
    for (Py_ssize_t k = 1; k <= count; k++) {
        double measure = k == 1 ? first : rest;
        if (nreached == 0) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        Py_ssize_t far = reached[nreached - 1];
        Py_ssize_t lo, hi;
        if (k == count) {
            lo = n;
            hi = n + 1;
        } else {
            Py_ssize_t s0 = reached[0];
            double least = nat[s0] + (s0 ? glue[s0] : 0.0) + limit * (double)flex[s0 + 1] + measure - 1e-4;
            lo = bisect_doubles(reach, least, s0 + 1, n + 1);
            hi = n;
        }
        Py_ssize_t *starts = back + (size_t)k * (n + 1);
        Py_ssize_t nnew = 0;
        for (Py_ssize_t p = lo; p < hi; p++) {
            if (nat[p] - nat[far] - (far ? glue[far] : 0.0) - blank_r[p - 1] > measure + EPS)
                break;
            if (p < n && !(brk[p] == break_ok || brk[p] == break_letter || (has_unit_cost && brk[p] == break_discouraged)))
                continue;
            int found = 0;
            double best = 0.0;
            Py_ssize_t best_s = -1;
            double np = nat[p], blank = blank_r[p - 1];
            for (Py_ssize_t i = bisect_indices(reached, p, 0, nreached) - 1; i >= 0; i--) {
                Py_ssize_t st = reached[i];
                double width = np - nat[st] - (st ? glue[st] : 0.0) - blank;
                if (width > measure + EPS)
                    break;
                double c;
                if (p == n) {
                    if (units[p] - units[st] < last_needs)
                        continue;
                    c = cost[i];
                } else {
                    double spread = even_spread(measure - width, flex[p] - flex[st + 1], capped[p] - capped[st + 1],
                                                room[p] - room[st + 1]);
                    if (spread > limit + EPS)
                        continue;
                    c = cost[i] + spread * spread;
                    if (brk[p] != break_ok)
                        c += brk[p] == break_letter ? letter_cost : unit_cost;
                }
                if (!found || c < best) {
                    found = 1;
                    best = c;
                    best_s = st;
                }
            }
            if (found && nat[n] - nat[p] <= (double)(count - k) * per_line) {
                new_reached[nnew] = p;
                new_cost[nnew] = best;
                starts[p] = best_s;
                nnew++;
            }
        }
        Py_ssize_t *swap_r = reached;
        reached = new_reached;
        new_reached = swap_r;
        double *swap_c = cost;
        cost = new_cost;
        new_cost = swap_c;
        nreached = nnew;
    }
    if (nreached == 0 || reached[nreached - 1] != n) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* titles.chosen_lines */
    result = PyList_New(count);
    if (result == NULL)
        goto done;
    Py_ssize_t e = n;
    for (Py_ssize_t k = count; k >= 1; k--) {
        Py_ssize_t st = back[(size_t)k * (n + 1) + e];
        PyObject *span = Py_BuildValue("(nn)", st, e);
        if (span == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k - 1, span);
        e = st;
    }
done:
    PyMem_Free(glue);
    PyMem_Free(blank_r);
    PyMem_Free(brk);
    PyMem_Free(nat);
    PyMem_Free(room);
    PyMem_Free(reach);
    PyMem_Free(units);
    PyMem_Free(flex);
    PyMem_Free(capped);
    PyMem_Free(cost);
    PyMem_Free(new_cost);
    PyMem_Free(reached);
    PyMem_Free(new_reached);
    PyMem_Free(back);
    return result;
}

/* -- natural_fit, line_spread ----------------------------------------------------------- */

/* An atom's field as a double, the atom checked first (these twins are called with atoms
 * only; anything else is a TypeError, as Python would raise one). */
static inline int atom_double(PyObject *a, int field, double *out)
{
    if (Py_TYPE(a) != atom_type || FIELD(a, field) == NULL) {
        PyErr_SetString(PyExc_TypeError, "expected an Atom with its fields set");
        return -1;
    }
    return get_double(FIELD(a, field), out);
}

static int atoms_span(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t want, Py_ssize_t *s, Py_ssize_t *e)
{
    if (!bound || !atoms_bound) {
        PyErr_SetString(PyExc_RuntimeError, "called before bind");
        return -1;
    }
    if (nargs != want || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "wrong arguments");
        return -1;
    }
    *s = PyLong_AsSsize_t(args[1]);
    if (*s == -1 && PyErr_Occurred())
        return -1;
    if (e != NULL) {
        *e = PyLong_AsSsize_t(args[2]);
        if (*e == -1 && PyErr_Occurred())
            return -1;
    }
    return 0;
}

/* natural_fit(atoms, s, measure) -> e: breaker._natural_fit */
static PyObject *natural_fit(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t s;
    double measure, total;
    if (atoms_span(args, nargs, 3, &s, NULL) < 0 || get_double(args[2], &measure) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(args[0]);
    if (s < 0 || s >= n) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    if (atom_double(PyList_GET_ITEM(args[0], s), F_WIDTH, &total) < 0)
        return NULL;
    Py_ssize_t e = s + 1;
    while (e < n) {
        PyObject *a = PyList_GET_ITEM(args[0], e);
        double glue, width, blank_r;
        if (atom_double(a, F_GLUE, &glue) < 0 || atom_double(a, F_WIDTH, &width) < 0
            || atom_double(a, F_BLANK_R, &blank_r) < 0)
            return NULL;
        if (total + glue + width - blank_r > measure + EPS)
            break;
        total += glue + width;
        e++;
    }
    return PyLong_FromSsize_t(e);
}

/* line_spread(atoms, s, e, measure) -> what justification adds to the widest gap:
 * breaker._line_spread */
static PyObject *line_spread(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t s, e;
    double measure, width, last_blank;
    if (atoms_span(args, nargs, 4, &s, &e) < 0 || get_double(args[3], &measure) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(args[0]);
    if (s < 0 || s >= n || e < 1 || e > n) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    if (atom_double(PyList_GET_ITEM(args[0], s), F_WIDTH, &width) < 0
        || atom_double(PyList_GET_ITEM(args[0], e - 1), F_BLANK_R, &last_blank) < 0)
        return NULL;
    width = width - last_blank;
    long gaps = 0, capped = 0;
    double room = 0.0;
    for (Py_ssize_t k = s + 1; k < e; k++) {
        PyObject *a = PyList_GET_ITEM(args[0], k);
        double w, glue, glue_max;
        if (atom_double(a, F_WIDTH, &w) < 0 || atom_double(a, F_GLUE, &glue) < 0
            || atom_double(a, F_GLUE_MAX, &glue_max) < 0)
            return NULL;
        width += w + glue;
        int rigid = truth(FIELD(a, F_RIGID));
        if (rigid < 0)
            return NULL;
        if (!rigid) {
            gaps++;
            if (glue_max != 0.0) {
                capped++;
                room += glue_max - glue;
            }
        }
    }
    return PyFloat_FromDouble(even_spread(measure - width, gaps, capped, room));
}

/* -- make_atoms -------------------------------------------------------------------------- */

/* What make_atoms knows of the characters (chars.py), given to bind_atoms(). */
static PyObject *char_classes, *py_classify, *py_long_word_cuts, *advance_name, *metrics_name,
    *face_for_name, *space_char;
static long kind_word, kind_symbol, kind_space, break_never;
static double han_latin_min, han_latin_max, han_space, han_space_min, origin_gap;
static Py_ssize_t long_word;
enum { SET_NO_LINE_START, SET_NO_LINE_END, SET_WORD_LEADERS, SET_WORD_JOINERS, SET_WORD_SUFFIXES,
       SET_WORD_TRAILERS, SET_FULL_STOPS, SET_COUNT };
static const char *set_names[SET_COUNT] = {"NO_LINE_START", "NO_LINE_END", "WORD_LEADERS", "WORD_JOINERS",
                                           "WORD_SUFFIXES", "WORD_TRAILERS", "FULL_STOPS"};
static unsigned char char_sets[SET_COUNT][65536 / 8]; /* every member is in the BMP (bind_atoms checks) */

static inline int in_set(int set, Py_UCS4 ch)
{
    return ch < 65536 && (char_sets[set][ch >> 3] >> (ch & 7)) & 1;
}

/* chars.is_word_char: Latin letters and digits (ASCII, Latin-1, Greek, Cyrillic) */
static inline int is_word_char(Py_UCS4 ch)
{
    if (ch < 128)
        return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    return ch < 0x2000 && Py_UNICODE_ISALPHA(ch);
}

static inline int is_ideograph(Py_UCS4 ch)
{
    return (ch >= 0x4E00 && ch <= 0x9FFF) || (ch >= 0x3400 && ch <= 0x4DBF);
}

/* bind_atoms(Atom, constants {name: value}, sets {name: frozenset}, classes dict, classify,
 *            long_word_cuts): the atoms' class (its fields are read at its slots' offsets), the
 *            kinds, break classes and spacing of atoms.py and chars.py */
static PyObject *bind_atoms(PyObject *self, PyObject *args)
{
    PyObject *atom, *constants, *sets, *classes, *classify, *cuts;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OO:bind_atoms", &PyType_Type, &atom, &PyDict_Type, &constants, &PyDict_Type,
                          &sets, &PyDict_Type, &classes, &classify, &cuts))
        return NULL;
    for (int f = 0; f < F_COUNT; f++)
        if (slot_offset((PyTypeObject *)atom, field_names[f], &field_offset[f]) < 0)
            return NULL;
    long lw;
    if (int_constant(constants, "HAN", &kind_han) < 0 || int_constant(constants, "OPEN", &kind_open) < 0
        || int_constant(constants, "CLOSE", &kind_close) < 0 || int_constant(constants, "MIDDLE", &kind_middle) < 0
        || int_constant(constants, "DASH", &kind_dash) < 0 || int_constant(constants, "BREAK_OK", &break_ok) < 0
        || int_constant(constants, "BREAK_DISCOURAGED", &break_discouraged) < 0
        || int_constant(constants, "BREAK_LETTER", &break_letter) < 0
        || float_constant(constants, "HAN_LATIN", &han_latin) < 0
        || int_constant(constants, "WORD", &kind_word) < 0 || int_constant(constants, "SYMBOL", &kind_symbol) < 0
        || int_constant(constants, "SPACE", &kind_space) < 0 || int_constant(constants, "BREAK_NEVER", &break_never) < 0
        || int_constant(constants, "LONG_WORD", &lw) < 0
        || float_constant(constants, "HAN_LATIN_MIN", &han_latin_min) < 0
        || float_constant(constants, "HAN_LATIN_MAX", &han_latin_max) < 0
        || float_constant(constants, "HAN_SPACE", &han_space) < 0
        || float_constant(constants, "HAN_SPACE_MIN", &han_space_min) < 0
        || float_constant(constants, "ORIGIN_GAP", &origin_gap) < 0)
        return NULL;
    long_word = lw;
    memset(char_sets, 0, sizeof char_sets);
    for (int k = 0; k < SET_COUNT; k++) {
        PyObject *members = PyDict_GetItemString(sets, set_names[k]);
        if (members == NULL) {
            PyErr_Format(PyExc_KeyError, "set %s", set_names[k]);
            return NULL;
        }
        PyObject *it = PyObject_GetIter(members), *item;
        if (it == NULL)
            return NULL;
        while ((item = PyIter_Next(it)) != NULL) {
            if (!PyUnicode_Check(item) || PyUnicode_GET_LENGTH(item) != 1 || PyUnicode_READ_CHAR(item, 0) >= 65536) {
                Py_DECREF(item);
                Py_DECREF(it);
                PyErr_Format(PyExc_ValueError, "%s: one character of the BMP each", set_names[k]);
                return NULL;
            }
            Py_UCS4 ch = PyUnicode_READ_CHAR(item, 0);
            char_sets[k][ch >> 3] |= (unsigned char)(1 << (ch & 7));
            Py_DECREF(item);
        }
        Py_DECREF(it);
        if (PyErr_Occurred())
            return NULL;
    }
    keep((PyObject **)&atom_type, atom);
    keep(&char_classes, classes);
    keep(&py_classify, classify);
    keep(&py_long_word_cuts, cuts);
    atoms_bound = 1;
    Py_RETURN_NONE;
}

/* An atom being made: the fields of atoms.Atom, or a shared plain atom as it is. */
typedef struct {
    PyObject *shared; /* owned: the plain atom itself, or NULL */
    PyObject *text, *faces, *advances; /* owned */
    long kind, brk;
    double width, blank_l, blank_r, glue, glue_min, glue_max;
    int space, rigid;
} Made;

static void made_clear(Made *m)
{
    Py_CLEAR(m->shared);
    Py_CLEAR(m->text);
    Py_CLEAR(m->faces);
    Py_CLEAR(m->advances);
}

static inline Py_UCS4 first_char(PyObject *s) { return PyUnicode_READ_CHAR(s, 0); }
static inline Py_UCS4 last_char(PyObject *s) { return PyUnicode_READ_CHAR(s, PyUnicode_GET_LENGTH(s) - 1); }

static inline int is_punct(long kind) { return kind == kind_open || kind == kind_close || kind == kind_middle; }

static int last_advance(Made *m, double *out)
{
    return get_double(PyTuple_GET_ITEM(m->advances, PyTuple_GET_SIZE(m->advances) - 1), out);
}

/* atoms._squeeze_adjacent */
static void squeeze_adjacent(Made *prev, Made *cur, int quanjiao)
{
    if (!quanjiao)
        return;
    if (prev->kind == kind_close && (cur->kind == kind_close || cur->kind == kind_open) && prev->blank_r != 0.0) {
        prev->width -= prev->blank_r;
        prev->blank_r = 0.0;
    } else if (prev->kind == kind_open && cur->kind == kind_open && cur->blank_l != 0.0) {
        cur->width -= cur->blank_l;
        cur->blank_l = 0.0;
    } else if (prev->kind == kind_middle && is_punct(cur->kind) && prev->blank_r != 0.0) {
        prev->width -= prev->blank_r;
        prev->blank_r = 0.0;
    } else if (cur->kind == kind_middle && is_punct(prev->kind) && cur->blank_l != 0.0) {
        cur->width -= cur->blank_l;
        cur->blank_l = 0.0;
    }
}

/* atoms._keep_origins_in_order */
static int keep_origins_in_order(Made *prev, Made *cur)
{
    double reach, first_adv;
    if (prev->kind == kind_close) {
        reach = prev->width - prev->blank_r;
    } else if (prev->kind == kind_middle) {
        double adv;
        if (last_advance(prev, &adv) < 0)
            return -1;
        reach = (prev->width - prev->blank_l - prev->blank_r + adv) / 2;
    } else if (last_advance(prev, &reach) < 0) {
        return -1;
    }
    if (get_double(PyTuple_GET_ITEM(cur->advances, 0), &first_adv) < 0)
        return -1;
    double needed = first_adv - reach + origin_gap;
    if (cur->width - cur->blank_l < needed) {
        double left = cur->width - needed;
        cur->blank_l = left > 0.0 ? left : 0.0;
        cur->width = needed > cur->width ? needed : cur->width;
    }
    return 0;
}

/* atoms._join: the glue and the break class between two neighbouring atoms */
static int join(Made *prev, Made *cur, int spaced, int quanjiao)
{
    long pk = prev->kind, ck = cur->kind;
    if (pk == kind_han && ck == kind_han && !spaced) {
        if (in_set(SET_NO_LINE_START, first_char(cur->text)) || in_set(SET_NO_LINE_END, first_char(prev->text)))
            cur->brk = break_never;
        return 0;
    }
    if ((pk == kind_han && ck == kind_word) || (pk == kind_word && ck == kind_han)) {
        cur->glue = han_latin;
        cur->glue_min = han_latin_min;
        cur->glue_max = han_latin_max;
    } else if (spaced && !is_punct(pk) && !is_punct(ck)) {
        cur->space = 1;
        if ((pk == kind_han || pk == kind_dash) && (ck == kind_han || ck == kind_dash)) {
            cur->glue = han_space;
            cur->glue_min = han_space_min;
            cur->glue_max = han_space;
        } else {
            PyObject *face = PyTuple_GET_ITEM(prev->faces, PyTuple_GET_SIZE(prev->faces) - 1);
            PyObject *adv = PyObject_CallMethodObjArgs(face, advance_name, space_char, NULL);
            double space;
            if (adv == NULL)
                return -1;
            int r = get_double(adv, &space);
            Py_DECREF(adv);
            if (r < 0)
                return -1;
            cur->glue = space >= 0.25 ? space : 0.25; /* max(advance, 0.25): equal is the same number */
            cur->glue_min = 0.2;
            cur->glue_max = 0.6;
        }
    } else if (is_punct(pk) && is_punct(ck)) {
        squeeze_adjacent(prev, cur, quanjiao);
    }
    if (ck == kind_open && keep_origins_in_order(prev, cur) < 0)
        return -1;
    int pterm = pk == kind_word || pk == kind_symbol, cterm = ck == kind_word || ck == kind_symbol;
    if (pterm && cterm && !spaced) {
        cur->rigid = 1;
        cur->brk = break_never;
    } else if (in_set(SET_NO_LINE_START, first_char(cur->text)) || ck == kind_dash
               || in_set(SET_NO_LINE_END, last_char(prev->text))) {
        cur->brk = break_never;
    } else if (pk == kind_word && Py_UNICODE_ISDIGIT(last_char(prev->text)) && ck == kind_han) {
        cur->brk = break_discouraged;
    } else {
        cur->brk = break_ok;
    }
    return 0;
}

/* atoms._scan_word */
static Py_ssize_t scan_word(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    Py_ssize_t j = i;
    while (j < n && in_set(SET_WORD_LEADERS, PyUnicode_READ(kind, data, j)))
        j++;
    while (j < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, j);
        if (is_word_char(ch))
            j++;
        else if (in_set(SET_WORD_JOINERS, ch) && j + 1 < n && is_word_char(PyUnicode_READ(kind, data, j + 1)) && j > i)
            j++;
        else
            break;
    }
    while (j < n && in_set(SET_WORD_SUFFIXES, PyUnicode_READ(kind, data, j)))
        j++;
    while (j < n && in_set(SET_WORD_TRAILERS, PyUnicode_READ(kind, data, j))
           && (j + 1 == n || !is_word_char(PyUnicode_READ(kind, data, j + 1))))
        j++;
    return j;
}

/* A new plain atom of one Han character: Atom(ch, HAN, (face,), (adv,), adv), kept in plain. */
static PyObject *plain_atom(PyObject *plain, PyObject *ch, PyObject *fonts)
{
    PyObject *found = PyDict_GetItemWithError(plain, ch);
    if (found != NULL || PyErr_Occurred())
        return found; /* borrowed */
    PyObject *metrics = PyObject_CallMethodObjArgs(fonts, metrics_name, ch, NULL);
    if (metrics == NULL)
        return NULL;
    if (!PyTuple_Check(metrics) || PyTuple_GET_SIZE(metrics) != 2) {
        Py_DECREF(metrics);
        PyErr_SetString(PyExc_TypeError, "metrics() gives (face, advance)");
        return NULL;
    }
    PyObject *face = PyTuple_GET_ITEM(metrics, 0), *adv = PyTuple_GET_ITEM(metrics, 1);
    PyObject *atom = PyObject_CallFunction((PyObject *)atom_type, "Ol(O)(O)O", ch, kind_han, face, adv, adv);
    Py_DECREF(metrics);
    if (atom == NULL)
        return NULL;
    int r = PyDict_SetItem(plain, ch, atom);
    Py_DECREF(atom);
    return r < 0 ? NULL : atom; /* borrowed: the dict holds it */
}

static int made_from_plain(Made *m, PyObject *atom)
{
    if (Py_TYPE(atom) != atom_type || get_double(FIELD(atom, F_WIDTH), &m->width) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "a plain atom is an Atom");
        return -1;
    }
    m->shared = Py_NewRef(atom);
    m->text = Py_NewRef(FIELD(atom, F_TEXT));
    m->faces = Py_NewRef(FIELD(atom, F_FACES));
    m->advances = Py_NewRef(FIELD(atom, F_ADVANCES));
    m->kind = kind_han;
    m->brk = break_ok;
    m->blank_l = m->blank_r = m->glue = m->glue_min = m->glue_max = 0.0;
    m->space = m->rigid = 0;
    return 0;
}

/* The Atom of a Made: the shared one, or a new one with its fields. */
static PyObject *made_atom(Made *m)
{
    if (m->shared != NULL)
        return Py_NewRef(m->shared);
    PyObject *o = atom_type->tp_alloc(atom_type, 0);
    if (o == NULL)
        return NULL;
    PyObject *values[F_COUNT] = {
        Py_NewRef(m->text), PyLong_FromLong(m->kind), Py_NewRef(m->faces), Py_NewRef(m->advances),
        PyFloat_FromDouble(m->width), PyFloat_FromDouble(m->blank_l), PyFloat_FromDouble(m->blank_r),
        PyFloat_FromDouble(m->glue), PyFloat_FromDouble(m->glue_min), PyFloat_FromDouble(m->glue_max),
        Py_NewRef(m->space ? Py_True : Py_False), PyLong_FromLong(m->brk), Py_NewRef(m->rigid ? Py_True : Py_False)};
    int failed = 0;
    for (int f = 0; f < F_COUNT; f++) {
        if (values[f] == NULL)
            failed = 1;
        FIELD(o, f) = values[f];
    }
    if (failed) {
        Py_DECREF(o);
        return NULL;
    }
    return o;
}

/* make_atoms(text, fonts, style, plain) -> [Atom…], or None where the paragraph has a long word
 * to cut (its places to turn are left to Python): atoms.make_atoms for a paragraph without
 * addresses and set from one font stack (atoms.py asks only for those). `plain`: the stack's
 * shared plain atoms (_plain_atoms). */
static PyObject *make_atoms(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!atoms_bound) {
        PyErr_SetString(PyExc_RuntimeError, "make_atoms before bind_atoms");
        return NULL;
    }
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[2]) || !PyDict_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "make_atoms(text, fonts, style, plain)");
        return NULL;
    }
    PyObject *text = args[0], *fonts = args[1], *plain = args[3];
    int quanjiao = PyUnicode_CompareWithASCIIString(args[2], "quanjiao") == 0;
    int banjiao = PyUnicode_CompareWithASCIIString(args[2], "banjiao") == 0;
    int kaiming = PyUnicode_CompareWithASCIIString(args[2], "kaiming") == 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int tkind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Made *made = PyMem_Calloc(n ? n : 1, sizeof(Made));
    if (made == NULL)
        return PyErr_NoMemory();
    Py_ssize_t count = 0, i = 0;
    int pending_space = 0, failed = 0, cut = 0;
    PyObject *result = NULL;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(tkind, data, i);
        PyObject *ch = PyUnicode_FromOrdinal(c);
        if (ch == NULL)
            goto fail;
        PyObject *kind_obj = PyDict_GetItemWithError(char_classes, ch);
        long kind;
        if (kind_obj != NULL) {
            kind = PyLong_AsLong(kind_obj);
        } else if (PyErr_Occurred()) {
            Py_DECREF(ch);
            goto fail;
        } else {
            kind_obj = PyObject_CallOneArg(py_classify, ch);
            if (kind_obj == NULL) {
                Py_DECREF(ch);
                goto fail;
            }
            kind = PyLong_AsLong(kind_obj);
            Py_DECREF(kind_obj);
        }
        if (kind == -1 && PyErr_Occurred()) {
            Py_DECREF(ch);
            goto fail;
        }
        Made *prev = count ? &made[count - 1] : NULL;
        if (kind == kind_han) {
            PyObject *atom = plain_atom(plain, ch, fonts);
            Py_DECREF(ch);
            if (atom == NULL)
                goto fail;
            Made *m = &made[count++];
            if (made_from_plain(m, atom) < 0)
                goto fail;
            if (prev != NULL) { /* what _join does between two Han characters, inline */
                if (prev->kind != kind_han || pending_space) {
                    Py_CLEAR(m->shared);
                    if (join(prev, m, pending_space, quanjiao) < 0)
                        goto fail;
                } else if (in_set(SET_NO_LINE_START, c) || in_set(SET_NO_LINE_END, first_char(prev->text))) {
                    Py_CLEAR(m->shared);
                    m->brk = break_never;
                }
            }
            i++;
            /* the ideographs after it, up to the next mark, space or letter: set solid, all plain */
            while (i < n) {
                Py_UCS4 d = PyUnicode_READ(tkind, data, i);
                if (!is_ideograph(d))
                    break;
                PyObject *dch = PyUnicode_FromOrdinal(d);
                if (dch == NULL)
                    goto fail;
                PyObject *shared = plain_atom(plain, dch, fonts);
                Py_DECREF(dch);
                if (shared == NULL || made_from_plain(&made[count++], shared) < 0)
                    goto fail;
                i++;
            }
            pending_space = 0;
            continue;
        }
        if (kind == kind_space) {
            Py_DECREF(ch);
            pending_space = 1;
            i++;
            continue;
        }
        Py_ssize_t j;
        if (kind == kind_word || (in_set(SET_WORD_LEADERS, c) && i + 1 < n && is_word_char(PyUnicode_READ(tkind, data, i + 1)))) {
            j = scan_word(tkind, data, n, i);
            kind = kind_word;
            if (j - i >= long_word) { /* a long word may be cut at its own places: Python does those */
                PyObject *piece = PyUnicode_Substring(text, i, j), *inner = NULL;
                if (piece != NULL)
                    inner = PyObject_CallOneArg(py_long_word_cuts, piece);
                Py_XDECREF(piece);
                int has = inner == NULL ? -1 : PyObject_IsTrue(inner);
                Py_XDECREF(inner);
                if (has != 0) {
                    Py_DECREF(ch);
                    if (has < 0)
                        goto fail;
                    cut = 1;
                    goto fail;
                }
            }
        } else if (kind == kind_dash) { /* —— and …… are one 2-em unit each */
            j = i + 1;
            if (j < n && PyUnicode_READ(tkind, data, j) == c)
                j++;
        } else {
            j = i + 1;
        }
        Made *m = &made[count++];
        m->kind = kind;
        m->brk = break_ok;
        if (j == i + 1) { /* most atoms: one character */
            m->text = ch;
            ch = NULL;
            PyObject *metrics = PyObject_CallMethodObjArgs(fonts, metrics_name, m->text, NULL);
            if (metrics == NULL)
                goto fail;
            if (!PyTuple_Check(metrics) || PyTuple_GET_SIZE(metrics) != 2) {
                Py_DECREF(metrics);
                PyErr_SetString(PyExc_TypeError, "metrics() gives (face, advance)");
                goto fail;
            }
            m->faces = PyTuple_Pack(1, PyTuple_GET_ITEM(metrics, 0));
            m->advances = PyTuple_Pack(1, PyTuple_GET_ITEM(metrics, 1));
            Py_DECREF(metrics);
            if (m->faces == NULL || m->advances == NULL)
                goto fail;
        } else {
            Py_DECREF(ch);
            m->text = PyUnicode_Substring(text, i, j);
            if (m->text == NULL || (m->faces = PyTuple_New(j - i)) == NULL || (m->advances = PyTuple_New(j - i)) == NULL)
                goto fail;
            for (Py_ssize_t k = 0; k < j - i; k++) {
                PyObject *kc = PyUnicode_FromOrdinal(PyUnicode_READ(tkind, data, i + k));
                if (kc == NULL)
                    goto fail;
                PyObject *face = PyObject_CallMethodObjArgs(fonts, face_for_name, kc, NULL);
                PyObject *adv = face == NULL ? NULL : PyObject_CallMethodObjArgs(face, advance_name, kc, NULL);
                Py_DECREF(kc);
                if (adv == NULL) {
                    Py_XDECREF(face);
                    goto fail;
                }
                PyTuple_SET_ITEM(m->faces, k, face);
                PyTuple_SET_ITEM(m->advances, k, adv);
            }
        }
        if (is_punct(kind)) { /* _punct_cell */
            if (banjiao || (kaiming && !in_set(SET_FULL_STOPS, c)) || kind == kind_middle) {
                m->width = 0.5;
            } else if (kind == kind_open) {
                m->width = 1.0;
                m->blank_l = 0.5;
            } else if (kind == kind_close) {
                m->width = 1.0;
                m->blank_r = 0.5;
            } else {
                m->width = 0.5;
            }
        } else if (kind == kind_dash) {
            m->width = (double)(j - i);
        } else {
            Py_ssize_t len = PyTuple_GET_SIZE(m->advances);
            double *advs = PyMem_Malloc(sizeof(double) * (len ? len : 1));
            if (advs == NULL) {
                PyErr_NoMemory();
                goto fail;
            }
            for (Py_ssize_t k = 0; k < len; k++)
                if (get_double(PyTuple_GET_ITEM(m->advances, k), &advs[k]) < 0) {
                    PyMem_Free(advs);
                    goto fail;
                }
            m->width = py_sum(advs, len);
            PyMem_Free(advs);
        }
        if (prev != NULL && join(prev, m, pending_space, quanjiao) < 0)
            goto fail;
        pending_space = 0;
        i = j;
    }
    result = PyList_New(count);
    if (result == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *atom = made_atom(&made[k]);
        if (atom == NULL) {
            Py_CLEAR(result);
            goto fail;
        }
        PyList_SET_ITEM(result, k, atom);
    }
    goto done;
fail:
    failed = 1;
done:
    for (Py_ssize_t k = 0; k < count; k++)
        made_clear(&made[k]);
    PyMem_Free(made);
    if (failed && cut) {
        Py_XDECREF(result);
        Py_RETURN_NONE;
    }
    return failed ? NULL : result;
}

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
 * An entry holds its table, so that no other table can take its address while it is here. */
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

static double fake_bold; /* render.FAKE_BOLD */

/* bind_render({"FAKE_BOLD": …}) */
static PyObject *bind_render(PyObject *self, PyObject *args)
{
    PyObject *constants;
    if (!PyArg_ParseTuple(args, "O!:bind_render", &PyDict_Type, &constants)
        || float_constant(constants, "FAKE_BOLD", &fake_bold) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *code_at_size_name, *embedded_name, *at_size_name, *name_name, *glyphs_name, *size_name,
    *bold_name, *x_name, *y_name, *text_name, *xs_name, *runs_name, *scales_name;

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

/* text_operators(item, height, fonts, nums) -> str, or None where a code is not one byte a
 * character: render._text_operators. The numbers are formatted as nums (Numbers) does. */
static PyObject *text_operators(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
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
                result = Py_NewRef(Py_None);
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

/* -- the module -------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"bind_breaker", bind_breaker, METH_VARARGS, "bind_breaker(Line, Glyphs, array, aligns, constants, python_set_line)"},
    {"set_line", (PyCFunction)(void (*)(void))set_line, METH_FASTCALL,
     "set_line(atoms, s, e, avail, offset, measure, align, last, size) -> Line, as breaker._set_line"},
    {"break_exact", (PyCFunction)(void (*)(void))break_exact, METH_VARARGS | METH_KEYWORDS,
     "break_exact(atoms, first, rest, count, min_last_units, limit=None, unit_cost=None), as breaker._break_exact"},
    {"natural_fit", (PyCFunction)(void (*)(void))natural_fit, METH_FASTCALL,
     "natural_fit(atoms, s, measure) -> e, as breaker._natural_fit"},
    {"line_spread", (PyCFunction)(void (*)(void))line_spread, METH_FASTCALL,
     "line_spread(atoms, s, e, measure) -> spacing, as breaker._line_spread"},
    {"bind_atoms", bind_atoms, METH_VARARGS, "bind_atoms(Atom, constants, sets, classes, classify, long_word_cuts)"},
    {"make_atoms", (PyCFunction)(void (*)(void))make_atoms, METH_FASTCALL,
     "make_atoms(text, fonts, style, plain) -> atoms, or None: as atoms.make_atoms"},
    {"bind_render", bind_render, METH_VARARGS, "bind_render(constants)"},
    {"text_operators", (PyCFunction)(void (*)(void))text_operators, METH_FASTCALL,
     "text_operators(item, height, fonts, nums) -> str, or None: as render._text_operators"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_typesetter_core", NULL, -1, methods};

PyMODINIT_FUNC PyInit__typesetter_core(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    typecode_d = PyUnicode_InternFromString("d");
    code_at_size_name = PyUnicode_InternFromString("code_at_size");
    embedded_name = PyUnicode_InternFromString("embedded");
    at_size_name = PyUnicode_InternFromString("at_size");
    name_name = PyUnicode_InternFromString("name");
    glyphs_name = PyUnicode_InternFromString("glyphs");
    size_name = PyUnicode_InternFromString("size");
    bold_name = PyUnicode_InternFromString("bold");
    x_name = PyUnicode_InternFromString("x");
    y_name = PyUnicode_InternFromString("y");
    text_name = PyUnicode_InternFromString("text");
    xs_name = PyUnicode_InternFromString("xs");
    runs_name = PyUnicode_InternFromString("runs");
    scales_name = PyUnicode_InternFromString("scales");
    advance_name = PyUnicode_InternFromString("advance");
    metrics_name = PyUnicode_InternFromString("metrics");
    face_for_name = PyUnicode_InternFromString("face_for");
    space_char = PyUnicode_InternFromString(" ");
    if (typecode_d == NULL || code_at_size_name == NULL || embedded_name == NULL || at_size_name == NULL || name_name == NULL || glyphs_name == NULL || size_name == NULL || bold_name == NULL || x_name == NULL || y_name == NULL || text_name == NULL || xs_name == NULL || runs_name == NULL || scales_name == NULL || advance_name == NULL
        || metrics_name == NULL || face_for_name == NULL || space_char == NULL || PyModule_AddIntConstant(m, "VERSION", CORE_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
