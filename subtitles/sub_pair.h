/*
 * sub_pair.h: Gale-Church length-based sentence alignment (Gale & Church 1993).
 *
 * Pairs two sequences of sentences, given only their lengths, by dynamic programming over
 * beads 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2 with the cost -log(P(bead) * P(delta)), where
 * delta = (lb - la * c) / sqrt(la * s2) and c (the expected ratio of lengths b/a) is
 * estimated from the totals. Pure, thread-safe.
 */
#ifndef SUB_PAIR_H
#define SUB_PAIR_H

#include <stddef.h>

/* One bead: a_count sentences of A starting at a_first paired with b_count of B. */
struct sub_bead {
	size_t a_first, a_count, b_first, b_count;
};

/*
 * Aligns sentences of lengths len_a[0..n_a) and len_b[0..n_b). On success *out is a new
 * array of *n_out beads covering both sequences in order (NULL when both are empty), free
 * with free(). Returns SUB_OK, SUB_ERR_ARG (NULL arrays with nonzero counts, NULL out),
 * SUB_ERR_TOO_BIG (n_a * n_b over SUB_PAIR_MAX_CELLS) or SUB_ERR_NOMEM.
 */
int sub_pair_sentences(const size_t *len_a, size_t n_a, const size_t *len_b, size_t n_b,
                       struct sub_bead **out, size_t *n_out);

#define SUB_PAIR_MAX_CELLS ((size_t)4 * 1024 * 1024)

#endif
