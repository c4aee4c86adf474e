"""The benchmark's oracle clustering: connected components must be exact, whatever the edge order."""

import numpy as np

from cdp.bench.identity import connected_labels


def test_chain_given_in_worst_order_is_one_component() -> None:
    n = 200
    left = np.arange(n - 1, 0, -1)  # edges 199-198, 198-197, ..., 1-0
    labels = connected_labels(n, left, left - 1)
    assert set(labels.tolist()) == {0}


def test_separate_components_and_isolated_nodes_keep_their_own_labels() -> None:
    labels = connected_labels(7, np.array([3, 2, 1, 5]), np.array([2, 1, 0, 4]))
    assert labels.tolist() == [0, 0, 0, 0, 4, 4, 6]


def test_no_edges() -> None:
    assert connected_labels(3, np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == [
        0,
        1,
        2,
    ]
