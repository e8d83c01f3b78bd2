/* The breaker's twins: typesetter/text/breaker.py's _set_line (with _compress and _spread),
 * _break_exact, _natural_fit and _line_spread. */
#include "core.h"

/* -- what bind_breaker was given ----------------------------------------------------------- */

static PyObject *line_type, *glyphs_type, *array_type, *typecode_d;
static PyObject *align_justify, *align_center, *align_right;
static PyObject *py_set_line;  /* the Python _set_line, for the lines handled there */
static double max_looseness, letter_cost;
static int bound = 0; /* bind_breaker was called */

/* bind_breaker(Line, Glyphs, array, aligns (justify, center, right), constants {name: value},
 *              python_set_line): the constants are the breaker's MAX_LOOSENESS and LETTER_COST.
 * The atoms' own (their class, kinds, break classes) come from bind_atoms, called first. */
PyObject *bind_breaker(PyObject *self, PyObject *args)
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
        || float_constant(constants, "LETTER_COST", &letter_cost) < 0 || intern(&typecode_d, "d") < 0)
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
PyObject *set_line(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
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
        if (!whole_atom(a))
            goto python; /* let Python say what is wrong with it */
        AtomView *v = &line[k];
        v->atom = a;
        PyObject *f;
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

/* bisect.bisect_left(a, x, lo, hi) */
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

/* break_exact(atoms, first, rest, count, min_last_units, limit=None, unit_cost=None) -> [(s, e)…]
 * or None: breaker._break_exact, step by step (its comments say why each step is so). */
PyObject *break_exact(PyObject *self, PyObject *args, PyObject *kwargs)
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
        if (!whole_atom(a)) {
            PyErr_SetString(PyExc_TypeError, "break_exact: atoms must be Atoms with their fields set");
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
        Py_ssize_t before = 0; /* bisect_left(reached, p): the ends grow with p, so it only moves on */
        for (Py_ssize_t p = lo; p < hi; p++) {
            if (nat[p] - nat[far] - (far ? glue[far] : 0.0) - blank_r[p - 1] > measure + EPS)
                break;
            if (p < n && !(brk[p] == break_ok || brk[p] == break_letter || (has_unit_cost && brk[p] == break_discouraged)))
                continue;
            int found = 0;
            double best = 0.0;
            Py_ssize_t best_s = -1;
            double np = nat[p], blank = blank_r[p - 1];
            while (before < nreached && reached[before] < p)
                before++;
            for (Py_ssize_t i = before - 1; i >= 0; i--) {
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
PyObject *natural_fit(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
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
PyObject *line_spread(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
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

