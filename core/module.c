/* The module _typesetter_core: its functions (atoms.c, breaker.c, render.c, proofing.c) and
 * what their bind functions share. core.h says what the module is. */
#include "core.h"

/* constants[name], borrowed, or NULL with a KeyError */
static PyObject *constant(PyObject *constants, const char *name)
{
    PyObject *v = PyDict_GetItemString(constants, name);
    if (v == NULL)
        PyErr_Format(PyExc_KeyError, "constant %s", name);
    return v;
}

int int_constant(PyObject *constants, const char *name, long *out)
{
    PyObject *v = constant(constants, name);
    if (v == NULL)
        return -1;
    *out = PyLong_AsLong(v);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

int float_constant(PyObject *constants, const char *name, double *out)
{
    PyObject *v = constant(constants, name);
    return v == NULL ? -1 : get_double(v, out);
}

void keep(PyObject **slot, PyObject *value)
{
    Py_XINCREF(value);
    Py_XSETREF(*slot, value);
}

/* An interned name, made once (the attributes and methods the functions look up). */
int intern(PyObject **slot, const char *text)
{
    if (*slot == NULL)
        *slot = PyUnicode_InternFromString(text);
    return *slot == NULL ? -1 : 0;
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
    {"bind_render", bind_render, METH_VARARGS, "bind_render(constants, python_text_operators)"},
    {"text_operators", (PyCFunction)(void (*)(void))text_operators, METH_FASTCALL,
     "text_operators(item, height, fonts, nums) -> str, as render._text_operators"},
    {"forget_codes", forget_codes, METH_NOARGS, "forget_codes(): what text_operators kept of the fonts' codes let go"},
    {"doubled_spans", doubled_spans, METH_O,
     "doubled_spans(text) -> [(start, end)…]: as proofing.checks._doubled_spans"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_typesetter_core", NULL, -1, methods};

PyMODINIT_FUNC PyInit__typesetter_core(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "VERSION", CORE_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
