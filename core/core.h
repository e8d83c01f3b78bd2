/* The text engine's hottest loops, compiled: twins of Python functions that stay the
 * reference (typesetter/native.py binds them; TYPESETTER_PURE=1 keeps the Python ones).
 *
 *   make_atoms     typesetter.text.atoms.make_atoms: a paragraph's atoms, with their glue
 *   set_line       typesetter.text.breaker._set_line: one line's glyphs, justified
 *   break_exact    typesetter.text.breaker._break_exact: breaks giving exactly n lines
 *   natural_fit, line_spread   the breaker's two loops over a line's atoms
 *   text_operators typesetter.render._text_operators: a line's text operators
 *   doubled_spans  typesetter.proofing.checks._doubled_spans: phrases typed twice
 *
 * Each computes with the same doubles in the same order as its Python twin, so that the PDF
 * is the same bytes whichever ran (tests/test_native.py compares them). A case a twin does not
 * handle (a —— to stretch, an address to cut) is handed to the Python function.
 *
 * The files: atoms.c, breaker.c, render.c and proofing.c, each the twins of the Python module of
 * its name;
 * module.c, the module and what the bind functions share; this header, what all of them share.
 *
 * The atoms are records with __slots__: their fields are read at the slots' offsets, which
 * bind_atoms() looks up once from the class's member descriptors.
 */
#ifndef TYPESETTER_CORE_H
#define TYPESETTER_CORE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* typesetter/native.py's CORE_VERSION: raised with every change of what the module offers or
 * takes, so that a module built from other sources is never used */
#define CORE_VERSION 5
#define EPS 1e-9

/* -- the atoms (atoms.c, from bind_atoms) ---------------------------------------------- */

extern PyTypeObject *atom_type;
enum { F_TEXT, F_KIND, F_FACES, F_ADVANCES, F_WIDTH, F_BLANK_L, F_BLANK_R, F_GLUE, F_GLUE_MIN,
       F_GLUE_MAX, F_SPACE, F_BRK, F_RIGID, F_COUNT };
extern Py_ssize_t field_offset[F_COUNT];
#define FIELD(o, f) (*(PyObject **)((char *)(o) + field_offset[f]))
extern int atoms_bound;

/* An Atom whose every field is set: what the twins read at the fields' offsets. */
static inline int whole_atom(PyObject *a)
{
    if (Py_TYPE(a) != atom_type)
        return 0;
    for (int f = 0; f < F_COUNT; f++)
        if (FIELD(a, f) == NULL)
            return 0;
    return 1;
}
extern long kind_han, kind_word, kind_open, kind_close, kind_middle, kind_dash, kind_symbol, kind_space;
extern long break_ok, break_discouraged, break_never, break_letter;
extern double han_latin;

/* -- what the bind functions share (module.c) -------------------------------------------- */

int int_constant(PyObject *constants, const char *name, long *out);
int float_constant(PyObject *constants, const char *name, double *out);
void keep(PyObject **slot, PyObject *value);
int intern(PyObject **slot, const char *text);

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
static inline double py_sum(const double *v, Py_ssize_t n)
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

/* -- the module's functions --------------------------------------------------------------- */

PyObject *bind_atoms(PyObject *self, PyObject *args);
PyObject *make_atoms(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *bind_breaker(PyObject *self, PyObject *args);
PyObject *set_line(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *break_exact(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *natural_fit(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *line_spread(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *bind_render(PyObject *self, PyObject *args);
PyObject *text_operators(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *forget_codes(PyObject *self, PyObject *unused);
PyObject *doubled_spans(PyObject *self, PyObject *text);

#endif
