/* The clustering's innermost dictionary loops in C: an optional build of three functions of
 * aggregator/cluster/index.py (dot, votes, ranked). index.py falls back to its own Python
 * versions when this module is not built; both give the same values in the same order
 * (tests/cluster/test_ckernel.py compares them).
 *
 * Built by setup.py at install (optional: a machine without a compiler keeps the Python
 * code), or in place with `python setup.py build_ext --inplace`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static PyObject *fsum = NULL; /* math.fsum: the exact sum, so the order of products is free */

static int as_double(PyObject *obj, double *out) {
    if (PyFloat_CheckExact(obj)) {
        *out = PyFloat_AS_DOUBLE(obj);
        return 0;
    }
    *out = PyFloat_AsDouble(obj);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* dot(a, b): math.fsum of a[t] * b[t] over the terms both hold. */
static PyObject *kernel_dot(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyDict_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "dot(a: dict, b: dict)");
        return NULL;
    }
    PyObject *small = args[0], *large = args[1];
    if (PyDict_GET_SIZE(small) > PyDict_GET_SIZE(large)) {
        small = args[1];
        large = args[0];
    }
    PyObject *products = PyList_New(0);
    if (products == NULL) return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(small, &pos, &key, &value)) {
        PyObject *other = PyDict_GetItemWithError(large, key);
        if (other == NULL) {
            if (PyErr_Occurred()) goto fail;
            continue;
        }
        double x, y;
        if (as_double(value, &x) < 0 || as_double(other, &y) < 0) goto fail;
        PyObject *product = PyFloat_FromDouble(x * y);
        if (product == NULL) goto fail;
        int failed = PyList_Append(products, product);
        Py_DECREF(product);
        if (failed) goto fail;
    }
    if (PyList_GET_SIZE(products) == 0) {
        Py_DECREF(products);
        return PyFloat_FromDouble(0.0);
    }
    if (PyList_GET_SIZE(products) == 1) { /* fsum of one number: that number (-0.0 -> 0.0) */
        double only = PyFloat_AS_DOUBLE(PyList_GET_ITEM(products, 0)) + 0.0;
        Py_DECREF(products);
        return PyFloat_FromDouble(only);
    }
    PyObject *total = PyObject_CallOneArg(fsum, products);
    Py_DECREF(products);
    return total;
fail:
    Py_DECREF(products);
    return NULL;
}

/* Add weight * their to votes[aid]. The vote floats are created here and seen by no one else
 * until votes() returns, so a running sum is updated in its own float object. */
static int add_vote(PyObject *votes, PyObject *aid, double weight, PyObject *their_obj) {
    double their;
    if (as_double(their_obj, &their) < 0) return -1;
    PyObject *current = PyDict_GetItemWithError(votes, aid);
    if (current != NULL) {
        ((PyFloatObject *)current)->ob_fval = PyFloat_AS_DOUBLE(current) + weight * their;
        return 0;
    }
    if (PyErr_Occurred()) return -1;
    PyObject *fresh = PyFloat_FromDouble(0.0 + weight * their);
    if (fresh == NULL) return -1;
    int failed = PyDict_SetItem(votes, aid, fresh);
    Py_DECREF(fresh);
    return failed;
}

/* votes(index, vec, terms, cap): as TermIndex.votes over the posting lists ``index``. */
static PyObject *kernel_votes(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyDict_Check(args[0]) || !PyDict_Check(args[1]) ||
        !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "votes(index: dict, vec: dict, terms: list, cap: int)");
        return NULL;
    }
    PyObject *index = args[0], *vec = args[1], *terms = args[2];
    Py_ssize_t cap = PyLong_AsSsize_t(args[3]);
    if (cap == -1 && PyErr_Occurred()) return NULL;
    PyObject *votes = PyDict_New();
    if (votes == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(terms); i++) {
        PyObject *term = PyList_GET_ITEM(terms, i);
        PyObject *postings = PyDict_GetItemWithError(index, term);
        if (postings == NULL) {
            if (PyErr_Occurred()) goto fail;
            continue;
        }
        if (!PyDict_Check(postings)) {
            PyErr_SetString(PyExc_TypeError, "a posting list must be a dict");
            goto fail;
        }
        Py_ssize_t size = PyDict_GET_SIZE(postings);
        if (size == 0) continue;
        PyObject *weight_obj = PyDict_GetItemWithError(vec, term);
        if (weight_obj == NULL) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, term);
            goto fail;
        }
        double weight;
        if (as_double(weight_obj, &weight) < 0) goto fail;
        Py_INCREF(postings); /* kept alive while it is read */
        if (size <= cap) {
            Py_ssize_t pos = 0;
            PyObject *aid, *their;
            while (PyDict_Next(postings, &pos, &aid, &their)) {
                if (add_vote(votes, aid, weight, their) < 0) {
                    Py_DECREF(postings);
                    goto fail;
                }
            }
        } else { /* a crowded term: its ``cap`` most recently indexed articles */
            PyObject *newest = PyObject_CallMethod(postings, "__reversed__", NULL);
            if (newest == NULL) {
                Py_DECREF(postings);
                goto fail;
            }
            PyObject *aid;
            Py_ssize_t read = 0;
            while (read < cap && (aid = PyIter_Next(newest)) != NULL) {
                PyObject *their = PyDict_GetItemWithError(postings, aid);
                int failed = their == NULL ? -1 : add_vote(votes, aid, weight, their);
                Py_DECREF(aid);
                if (failed < 0) {
                    if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "posting lost");
                    break;
                }
                read++;
            }
            Py_DECREF(newest);
            if (PyErr_Occurred()) {
                Py_DECREF(postings);
                goto fail;
            }
        }
        Py_DECREF(postings);
    }
    return votes;
fail:
    Py_DECREF(votes);
    return NULL;
}

/* ranked(votes, k): the keys of the k highest values, highest first, ties in dict order (what
 * sorted(votes, key=votes.__getitem__, reverse=True)[:k] gives: the sort is stable). */
static PyObject *kernel_ranked(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyDict_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "ranked(votes: dict, k: int)");
        return NULL;
    }
    PyObject *votes = args[0];
    Py_ssize_t k = PyLong_AsSsize_t(args[1]);
    if (k == -1 && PyErr_Occurred()) return NULL;
    if (k <= 0) return PyList_New(0);
    PyObject **keys = PyMem_New(PyObject *, k);
    double *values = PyMem_New(double, k);
    if (keys == NULL || values == NULL) {
        PyMem_Free(keys);
        PyMem_Free(values);
        return PyErr_NoMemory();
    }
    Py_ssize_t held = 0, pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(votes, &pos, &key, &value)) {
        double v;
        if (as_double(value, &v) < 0) {
            PyMem_Free(keys);
            PyMem_Free(values);
            return NULL;
        }
        /* a later key goes after every kept key of a value >= its own */
        if (held == k && !(v > values[k - 1])) continue;
        Py_ssize_t at = held < k ? held : k - 1;
        while (at > 0 && v > values[at - 1]) {
            values[at] = values[at - 1];
            keys[at] = keys[at - 1];
            at--;
        }
        values[at] = v;
        keys[at] = key; /* borrowed: the dict holds it until the list below is built */
        if (held < k) held++;
    }
    PyObject *out = PyList_New(held);
    if (out != NULL) {
        for (Py_ssize_t i = 0; i < held; i++) {
            Py_INCREF(keys[i]);
            PyList_SET_ITEM(out, i, keys[i]);
        }
    }
    PyMem_Free(keys);
    PyMem_Free(values);
    return out;
}


/* best(index, vec, terms, cap, skip, k): ranked(votes(index, vec, terms, cap) without the key
 * ``skip``, k), summed in a table of C numbers instead of a dict of floats. The keys must be
 * ints (article ids). */
typedef struct {
    long long key;
    Py_ssize_t at; /* its place in first-reached order */
    unsigned long stamp; /* the call that filled this slot; older ones are empty */
} Slot;

static Slot *slots = NULL;
static size_t slot_count = 0; /* a power of two */
static unsigned long stamp = 0;
static double *sums = NULL;
static PyObject **reached = NULL; /* borrowed from the posting lists during one call */
static long long *reached_keys = NULL;
static Py_ssize_t reached_room = 0;

static int make_room(Py_ssize_t wanted) {
    if (wanted > reached_room) {
        Py_ssize_t room = wanted * 2;
        double *s = PyMem_Realloc(sums, room * sizeof(double));
        if (s == NULL) return -1;
        sums = s;
        PyObject **r = PyMem_Realloc(reached, room * sizeof(PyObject *));
        if (r == NULL) return -1;
        reached = r;
        long long *k = PyMem_Realloc(reached_keys, room * sizeof(long long));
        if (k == NULL) return -1;
        reached_keys = k;
        reached_room = room;
    }
    size_t want_slots = 16;
    while (want_slots < (size_t)wanted * 2) want_slots <<= 1;
    if (want_slots > slot_count) {
        Slot *fresh = PyMem_Calloc(want_slots, sizeof(Slot));
        if (fresh == NULL) return -1;
        PyMem_Free(slots);
        slots = fresh;
        slot_count = want_slots;
        stamp = 0;
    }
    stamp++;
    if (stamp == 0) { /* wrapped: every slot is old again */
        memset(slots, 0, slot_count * sizeof(Slot));
        stamp = 1;
    }
    return 0;
}

static int tally_vote(PyObject *aid, double weight, PyObject *their_obj, Py_ssize_t *count) {
    double their;
    if (as_double(their_obj, &their) < 0) return -1;
    int overflow = 0;
    long long key = PyLong_AsLongLongAndOverflow(aid, &overflow);
    if (overflow || (key == -1 && PyErr_Occurred())) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "article ids must be ints");
        return -1;
    }
    size_t mask = slot_count - 1;
    size_t i = (size_t)(((unsigned long long)key * 0x9E3779B97F4A7C15ULL) >> 17) & mask;
    while (slots[i].stamp == stamp) {
        if (slots[i].key == key) {
            Py_ssize_t at = slots[i].at;
            sums[at] = sums[at] + weight * their;
            return 0;
        }
        i = (i + 1) & mask;
    }
    slots[i].stamp = stamp;
    slots[i].key = key;
    slots[i].at = *count;
    sums[*count] = 0.0 + weight * their;
    reached[*count] = aid;
    reached_keys[*count] = key;
    (*count)++;
    return 0;
}

static PyObject *kernel_best(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 6 || !PyDict_Check(args[0]) || !PyDict_Check(args[1]) ||
        !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "best(index: dict, vec: dict, terms: list, cap: int, skip: int, k: int)");
        return NULL;
    }
    PyObject *index = args[0], *vec = args[1], *terms = args[2];
    Py_ssize_t cap = PyLong_AsSsize_t(args[3]);
    if (cap == -1 && PyErr_Occurred()) return NULL;
    long long skip = PyLong_AsLongLong(args[4]);
    if (skip == -1 && PyErr_Occurred()) return NULL;
    Py_ssize_t k = PyLong_AsSsize_t(args[5]);
    if (k == -1 && PyErr_Occurred()) return NULL;
    Py_ssize_t terms_n = PyList_GET_SIZE(terms);
    PyObject **lists = PyMem_New(PyObject *, terms_n > 0 ? terms_n : 1);
    double *weights = PyMem_New(double, terms_n > 0 ? terms_n : 1);
    if (lists == NULL || weights == NULL) {
        PyMem_Free(lists);
        PyMem_Free(weights);
        return PyErr_NoMemory();
    }
    Py_ssize_t total = 0, count = 0;
    Py_ssize_t *top = NULL;
    PyObject *out = NULL;
    /* first the posting lists and weights (a missing weight raises as in votes) */
    for (Py_ssize_t i = 0; i < terms_n; i++) {
        PyObject *term = PyList_GET_ITEM(terms, i);
        lists[i] = NULL;
        PyObject *postings = PyDict_GetItemWithError(index, term);
        if (postings == NULL) {
            if (PyErr_Occurred()) goto done;
            continue;
        }
        if (!PyDict_Check(postings)) {
            PyErr_SetString(PyExc_TypeError, "a posting list must be a dict");
            goto done;
        }
        Py_ssize_t size = PyDict_GET_SIZE(postings);
        if (size == 0) continue;
        PyObject *weight_obj = PyDict_GetItemWithError(vec, term);
        if (weight_obj == NULL) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, term);
            goto done;
        }
        if (as_double(weight_obj, &weights[i]) < 0) goto done;
        lists[i] = postings;
        total += size < cap ? size : cap;
    }
    if (make_room(total) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < terms_n; i++) {
        PyObject *postings = lists[i];
        if (postings == NULL) continue;
        if (PyDict_GET_SIZE(postings) <= cap) {
            Py_ssize_t pos = 0;
            PyObject *aid, *their;
            while (PyDict_Next(postings, &pos, &aid, &their)) {
                if (tally_vote(aid, weights[i], their, &count) < 0) goto done;
            }
        } else {
            PyObject *newest = PyObject_CallMethod(postings, "__reversed__", NULL);
            if (newest == NULL) goto done;
            PyObject *aid;
            Py_ssize_t read = 0;
            while (read < cap && (aid = PyIter_Next(newest)) != NULL) {
                PyObject *their = PyDict_GetItemWithError(postings, aid);
                int failed = their == NULL ? -1 : tally_vote(aid, weights[i], their, &count);
                Py_DECREF(aid); /* the posting list keeps its key alive */
                if (failed < 0) {
                    if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "posting lost");
                    break;
                }
                read++;
            }
            Py_DECREF(newest);
            if (PyErr_Occurred()) goto done;
        }
    }
    /* the k best, ties in first-reached order, as ranked() */
    Py_ssize_t held = 0;
    top = PyMem_New(Py_ssize_t, k > 0 ? k : 1);
    if (top == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t at = 0; at < count && k > 0; at++) {
        if (reached_keys[at] == skip) continue;
        double v = sums[at];
        if (held == k && !(v > sums[top[k - 1]])) continue;
        Py_ssize_t j = held < k ? held : k - 1;
        while (j > 0 && v > sums[top[j - 1]]) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = at;
        if (held < k) held++;
    }
    out = PyList_New(held);
    if (out != NULL) {
        for (Py_ssize_t j = 0; j < held; j++) {
            Py_INCREF(reached[top[j]]);
            PyList_SET_ITEM(out, j, reached[top[j]]);
        }
    }
done:
    PyMem_Free(lists);
    PyMem_Free(weights);
    PyMem_Free(top);
    return out;
}


/* pack(vec): the vector as bytes, (term object address, weight) pairs sorted by address, for
 * packed_dot. Two packs meet on the same string objects: the terms must be interned
 * (sys.intern), and the pack must not outlive the vector that keeps its terms alive. */
typedef struct {
    uintptr_t term;
    double weight;
} Entry;

static int by_term(const void *a, const void *b) {
    uintptr_t x = ((const Entry *)a)->term, y = ((const Entry *)b)->term;
    return (x > y) - (x < y);
}

static PyObject *kernel_pack(PyObject *self, PyObject *vec) {
    if (!PyDict_Check(vec)) {
        PyErr_SetString(PyExc_TypeError, "pack(vec: dict)");
        return NULL;
    }
    Py_ssize_t n = PyDict_GET_SIZE(vec);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(Entry));
    if (out == NULL) return NULL;
    Entry *entries = (Entry *)PyBytes_AS_STRING(out);
    Py_ssize_t pos = 0, i = 0;
    PyObject *key, *value;
    while (PyDict_Next(vec, &pos, &key, &value) && i < n) {
        entries[i].term = (uintptr_t)key;
        if (as_double(value, &entries[i].weight) < 0) {
            Py_DECREF(out);
            return NULL;
        }
        i++;
    }
    qsort(entries, (size_t)i, sizeof(Entry), by_term);
    return out;
}

/* packed_dot(a, b): dot() of the two vectors that were packed. */
static PyObject *kernel_packed_dot(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyBytes_Check(args[0]) || !PyBytes_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "packed_dot(a: bytes, b: bytes)");
        return NULL;
    }
    const Entry *a = (const Entry *)PyBytes_AS_STRING(args[0]);
    const Entry *b = (const Entry *)PyBytes_AS_STRING(args[1]);
    Py_ssize_t na = PyBytes_GET_SIZE(args[0]) / (Py_ssize_t)sizeof(Entry);
    Py_ssize_t nb = PyBytes_GET_SIZE(args[1]) / (Py_ssize_t)sizeof(Entry);
    double stack[64];
    double *products = stack;
    Py_ssize_t room = 64, count = 0, i = 0, j = 0;
    PyObject *result = NULL;
    while (i < na && j < nb) {
        if (a[i].term < b[j].term) {
            i++;
        } else if (a[i].term > b[j].term) {
            j++;
        } else {
            if (count == room) {
                double *more = PyMem_New(double, room * 2);
                if (more == NULL) goto done;
                memcpy(more, products, (size_t)count * sizeof(double));
                if (products != stack) PyMem_Free(products);
                products = more;
                room *= 2;
            }
            products[count++] = a[i].weight * b[j].weight;
            i++;
            j++;
        }
    }
    if (count <= 1) { /* fsum of none is 0.0, of one that number (-0.0 -> 0.0) */
        result = PyFloat_FromDouble(count ? products[0] + 0.0 : 0.0);
        goto done;
    }
    PyObject *list = PyList_New(count);
    if (list == NULL) goto done;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *product = PyFloat_FromDouble(products[k]);
        if (product == NULL) {
            Py_DECREF(list);
            goto done;
        }
        PyList_SET_ITEM(list, k, product);
    }
    result = PyObject_CallOneArg(fsum, list);
    Py_DECREF(list);
done:
    if (products != stack) PyMem_Free(products);
    return result;
}


/* index_add(index, aid, vec, terms): for each term, index[term][aid] = vec[term] (a new
 * posting list for a term not yet there). */
static PyObject *kernel_index_add(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyDict_Check(args[0]) || !PyDict_Check(args[2]) ||
        !PyList_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "index_add(index: dict, aid, vec: dict, terms: list)");
        return NULL;
    }
    PyObject *index = args[0], *aid = args[1], *vec = args[2], *terms = args[3];
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(terms); i++) {
        PyObject *term = PyList_GET_ITEM(terms, i);
        PyObject *weight = PyDict_GetItemWithError(vec, term);
        if (weight == NULL) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, term);
            return NULL;
        }
        PyObject *postings = PyDict_GetItemWithError(index, term);
        if (postings == NULL) {
            if (PyErr_Occurred()) return NULL;
            postings = PyDict_New();
            if (postings == NULL) return NULL;
            int failed = PyDict_SetItem(postings, aid, weight) < 0 ||
                         PyDict_SetItem(index, term, postings) < 0;
            Py_DECREF(postings);
            if (failed) return NULL;
        } else if (PyDict_SetItem(postings, aid, weight) < 0) {
            return NULL;
        }
    }
    Py_RETURN_NONE;
}

/* index_remove(index, aid, terms): del index[term][aid] for each term, and the posting list
 * of a term left without articles. */
static PyObject *kernel_index_remove(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyDict_Check(args[0]) || !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "index_remove(index: dict, aid, terms: list)");
        return NULL;
    }
    PyObject *index = args[0], *aid = args[1], *terms = args[2];
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(terms); i++) {
        PyObject *term = PyList_GET_ITEM(terms, i);
        PyObject *postings = PyDict_GetItemWithError(index, term);
        if (postings == NULL) {
            if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, term);
            return NULL;
        }
        if (!PyDict_Check(postings)) {
            PyErr_SetString(PyExc_TypeError, "a posting list must be a dict");
            return NULL;
        }
        if (PyDict_DelItem(postings, aid) < 0) return NULL;
        if (PyDict_GET_SIZE(postings) == 0 && PyDict_DelItem(index, term) < 0) return NULL;
    }
    Py_RETURN_NONE;
}

/* counts[key] = counts.get(key, 0.0) + add, the Python way (a new float object each time). */
static int add_count(PyObject *counts, PyObject *key, double add) {
    double old = 0.0;
    PyObject *found = PyDict_GetItemWithError(counts, key);
    if (found == NULL && PyErr_Occurred()) return -1;
    if (found != NULL && as_double(found, &old) < 0) return -1;
    PyObject *value = PyFloat_FromDouble(old + add);
    if (value == NULL) return -1;
    int failed = PyDict_SetItem(counts, key, value);
    Py_DECREF(value);
    return failed;
}

/* term_weights(parts, bigram_weight, name_boost, number_boost): text.py's py_term_weights,
 * the loop of doc_terms over its tokens: each part a (tokens, factor) pair, each token a
 * (term, name_like, numeric) tuple ("" for a gap). Same keys in the same order, same floats. */
static PyObject *kernel_term_weights(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError,
                        "term_weights(parts: list, bigram_weight, name_boost, number_boost)");
        return NULL;
    }
    double bigram_weight, name_boost, number_boost;
    if (as_double(args[1], &bigram_weight) < 0 || as_double(args[2], &name_boost) < 0 ||
        as_double(args[3], &number_boost) < 0)
        return NULL;
    PyObject *parts = args[0];
    PyObject *counts = PyDict_New(), *boosts = PyDict_New(), *space = NULL;
    if (counts == NULL || boosts == NULL) goto error;
    space = PyUnicode_FromString(" ");
    if (space == NULL) goto error;
    for (Py_ssize_t p = 0; p < PyList_GET_SIZE(parts); p++) {
        PyObject *part = PyList_GET_ITEM(parts, p), *tokens;
        double factor;
        if (!PyTuple_Check(part) || PyTuple_GET_SIZE(part) != 2 ||
            !PyList_Check(tokens = PyTuple_GET_ITEM(part, 0))) {
            PyErr_SetString(PyExc_TypeError, "a part must be a (list, float) tuple");
            goto error;
        }
        if (as_double(PyTuple_GET_ITEM(part, 1), &factor) < 0) goto error;
        double bigram_factor = factor * bigram_weight;
        PyObject *previous = NULL; /* borrowed from the tokens list */
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(tokens); i++) {
            PyObject *token = PyList_GET_ITEM(tokens, i);
            if (!PyTuple_Check(token) || PyTuple_GET_SIZE(token) != 3 ||
                !PyUnicode_Check(PyTuple_GET_ITEM(token, 0))) {
                PyErr_SetString(PyExc_TypeError, "a token must be a (str, bool, bool) tuple");
                goto error;
            }
            PyObject *term = PyTuple_GET_ITEM(token, 0);
            if (PyUnicode_GET_LENGTH(term) == 0) {
                previous = NULL;
                continue;
            }
            if (add_count(counts, term, factor) < 0) goto error;
            int name_like = PyObject_IsTrue(PyTuple_GET_ITEM(token, 1));
            int numeric = name_like < 0 ? -1 : PyObject_IsTrue(PyTuple_GET_ITEM(token, 2));
            if (numeric < 0) goto error;
            if (name_like || numeric) {
                double boost = name_like ? name_boost : 1.0, known = 1.0;
                if (numeric && number_boost > boost) boost = number_boost;
                PyObject *found = PyDict_GetItemWithError(boosts, term);
                if (found == NULL && PyErr_Occurred()) goto error;
                if (found != NULL && as_double(found, &known) < 0) goto error;
                if (boost > known) {
                    PyObject *value = PyFloat_FromDouble(boost);
                    if (value == NULL) goto error;
                    int failed = PyDict_SetItem(boosts, term, value);
                    Py_DECREF(value);
                    if (failed < 0) goto error;
                }
            }
            if (previous != NULL && bigram_weight > 0) {
                PyObject *left = PyUnicode_Concat(previous, space), *bigram;
                if (left == NULL) goto error;
                bigram = PyUnicode_Concat(left, term);
                Py_DECREF(left);
                if (bigram == NULL) goto error;
                int failed = add_count(counts, bigram, bigram_factor);
                Py_DECREF(bigram);
                if (failed < 0) goto error;
            }
            previous = term;
        }
    }
    /* sublinear tf times the boost, in place (the keys and their order stay) */
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(counts, &pos, &key, &value)) {
        double count, boost = 1.0;
        if (as_double(value, &count) < 0) goto error;
        if (!(count >= 1)) continue;
        PyObject *found = PyDict_GetItemWithError(boosts, key);
        if (found == NULL && PyErr_Occurred()) goto error;
        if (found != NULL && as_double(found, &boost) < 0) goto error;
        PyObject *weight = PyFloat_FromDouble((1.0 + log(count)) * boost);
        if (weight == NULL) goto error;
        int failed = PyDict_SetItem(counts, key, weight);
        Py_DECREF(weight);
        if (failed < 0) goto error;
    }
    Py_DECREF(boosts);
    Py_DECREF(space);
    return counts;
error:
    Py_XDECREF(counts);
    Py_XDECREF(boosts);
    Py_XDECREF(space);
    return NULL;
}

/* count_terms(counts, terms): counts[term] = counts.get(term, 0.0) + 1.0 for each term
 * (DocumentFrequencies.add). */
static PyObject *kernel_count_terms(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyDict_Check(args[0]) || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "count_terms(counts: dict, terms: tuple)");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args[1]); i++) {
        if (add_count(args[0], PyTuple_GET_ITEM(args[1], i), 1.0) < 0) return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"dot", (PyCFunction)(void (*)(void))kernel_dot, METH_FASTCALL,
     "dot(a, b): the dot product of two sparse vectors (math.fsum of the products)."},
    {"votes", (PyCFunction)(void (*)(void))kernel_votes, METH_FASTCALL,
     "votes(index, vec, terms, cap): article id -> partial dot product (TermIndex.votes)."},
    {"ranked", (PyCFunction)(void (*)(void))kernel_ranked, METH_FASTCALL,
     "ranked(votes, k): the k keys of the highest values, ties in dict order."},
    {"best", (PyCFunction)(void (*)(void))kernel_best, METH_FASTCALL,
     "best(index, vec, terms, cap, skip, k): the k best-voted article ids but skip."},
    {"pack", (PyCFunction)kernel_pack, METH_O,
     "pack(vec): the vector as bytes for packed_dot (its terms interned)."},
    {"packed_dot", (PyCFunction)(void (*)(void))kernel_packed_dot, METH_FASTCALL,
     "packed_dot(a, b): dot() of two packed vectors."},
    {"index_add", (PyCFunction)(void (*)(void))kernel_index_add, METH_FASTCALL,
     "index_add(index, aid, vec, terms): index[term][aid] = vec[term] for each term."},
    {"index_remove", (PyCFunction)(void (*)(void))kernel_index_remove, METH_FASTCALL,
     "index_remove(index, aid, terms): del index[term][aid], and emptied posting lists."},
    {"term_weights", (PyCFunction)(void (*)(void))kernel_term_weights, METH_FASTCALL,
     "term_weights(parts, bigram_weight, name_boost, number_boost): doc_terms' weights."},
    {"count_terms", (PyCFunction)(void (*)(void))kernel_count_terms, METH_FASTCALL,
     "count_terms(counts, terms): one more for each term (DocumentFrequencies.add)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_ckernel",
    .m_doc = "The clustering's innermost dictionary loops in C (optional; see index.py).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__ckernel(void) {
    PyObject *math = PyImport_ImportModule("math");
    if (math == NULL) return NULL;
    fsum = PyObject_GetAttrString(math, "fsum");
    Py_DECREF(math);
    if (fsum == NULL) return NULL;
    return PyModule_Create(&module);
}
