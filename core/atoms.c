/* The atoms' twin: typesetter/text/atoms.py's make_atoms, with _join, _scan_word,
 * _punct_cell, _squeeze_adjacent and _keep_origins_in_order. bind_atoms also gives the other
 * twins the atoms' class, kinds and break classes (core.h). */
#include "core.h"
#include <structmember.h>

/* -- the atoms' class and constants ------------------------------------------------------- */

PyTypeObject *atom_type;
static const char *field_names[F_COUNT] = {"text", "kind", "faces", "advances", "width", "blank_l",
    "blank_r", "glue", "glue_min", "glue_max", "space", "brk", "rigid"};
Py_ssize_t field_offset[F_COUNT];
int atoms_bound = 0; /* bind_atoms was called */
long kind_han, kind_word, kind_open, kind_close, kind_middle, kind_dash, kind_symbol, kind_space;
long break_ok, break_discouraged, break_never, break_letter;
double han_latin;

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

/* -- make_atoms -------------------------------------------------------------------------- */

/* What make_atoms knows of the characters (chars.py), given to bind_atoms(). */
static PyObject *char_classes, *py_classify, *py_long_word_cuts, *advance_name, *metrics_name,
    *face_for_name, *space_char;
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
PyObject *bind_atoms(PyObject *self, PyObject *args)
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
    if (intern(&advance_name, "advance") < 0 || intern(&metrics_name, "metrics") < 0
        || intern(&face_for_name, "face_for") < 0 || intern(&space_char, " ") < 0)
        return NULL;
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

/* fonts.metrics(ch): (face, advance), a new reference, or NULL with an error set */
static PyObject *metrics_of(PyObject *fonts, PyObject *ch)
{
    PyObject *metrics = PyObject_CallMethodObjArgs(fonts, metrics_name, ch, NULL);
    if (metrics != NULL && (!PyTuple_Check(metrics) || PyTuple_GET_SIZE(metrics) != 2)) {
        Py_DECREF(metrics);
        PyErr_SetString(PyExc_TypeError, "metrics() gives (face, advance)");
        return NULL;
    }
    return metrics;
}

/* A new plain atom of one Han character: Atom(ch, HAN, (face,), (adv,), adv), kept in plain. */
static PyObject *plain_atom(PyObject *plain, PyObject *ch, PyObject *fonts)
{
    PyObject *found = PyDict_GetItemWithError(plain, ch);
    if (found != NULL || PyErr_Occurred())
        return found; /* borrowed */
    PyObject *metrics = metrics_of(fonts, ch);
    if (metrics == NULL)
        return NULL;
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
PyObject *make_atoms(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
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
            PyObject *metrics = metrics_of(fonts, m->text);
            if (metrics == NULL)
                goto fail;
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

