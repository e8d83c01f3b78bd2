/* The proofing's twin: the scan of typesetter/proofing/checks.py's _doubled_spans, the pattern
 * ([\u3400-\u9fff]{2,12}?)\1 found as re.finditer finds it. The pattern backtracks through
 * every length at every character (a tenth of a second on 400 pages); here each length is a
 * comparison of two runs of characters. */
#include "core.h"

#define DOUBLED_SHORTEST 2
#define DOUBLED_LONGEST 12

static inline int checked_han(Py_UCS4 ch) { return ch >= 0x3400 && ch <= 0x9FFF; }

/* doubled_spans(text) -> [(start, end)…]: each phrase of 2-12 such characters typed twice in a
 * row, the shortest at each place, the search going on after each one found. */
PyObject *doubled_spans(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "doubled_spans(text)");
        return NULL;
    }
    PyObject *spans = PyList_New(0);
    if (spans == NULL)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    while (i < n) {
        Py_ssize_t found = 0;
        if (checked_han(PyUnicode_READ(kind, data, i))) {
            for (Py_ssize_t length = 1; length <= DOUBLED_LONGEST && i + length <= n; length++) {
                if (!checked_han(PyUnicode_READ(kind, data, i + length - 1)))
                    break; /* the phrase cannot grow past a character of another kind */
                if (length < DOUBLED_SHORTEST || i + 2 * length > n)
                    continue;
                Py_ssize_t k = 0;
                while (k < length && PyUnicode_READ(kind, data, i + k) == PyUnicode_READ(kind, data, i + length + k))
                    k++;
                if (k == length) {
                    found = length;
                    break;
                }
            }
        }
        if (found) {
            PyObject *span = Py_BuildValue("(nn)", i, i + 2 * found);
            if (span == NULL || PyList_Append(spans, span) < 0) {
                Py_XDECREF(span);
                Py_DECREF(spans);
                return NULL;
            }
            Py_DECREF(span);
            i += 2 * found;
        } else {
            i++;
        }
    }
    return spans;
}
