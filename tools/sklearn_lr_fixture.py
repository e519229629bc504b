#!/usr/bin/env python3
"""Writes tests/fixtures/sklearn/logreg.json: a small sparse 3-class problem
and scikit-learn's LogisticRegression solution on it, which suara's own
logistic regression (src/sentiment/linear.rs) must reproduce.

    python3 tools/sklearn_lr_fixture.py        # needs numpy, scipy, scikit-learn

Deterministic: the data come from a seeded generator; the solver is run to
a tight tolerance so the figures are the optimum, not an early stop.
"""
import json
import os
import sys

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(7)
n, d, k = 90, 24, 3
rows, cols, vals, y = [], [], [], []
for i in range(n):
    c = i % k
    y.append(c)
    feats = set(rng.choice(d, size=5, replace=False).tolist())
    feats.add(c)            # a weak class marker
    for f in sorted(feats):
        rows.append(i)
        cols.append(f)
        vals.append(float(np.round(rng.uniform(0.1, 1.0), 3)))
X = sp.csr_matrix((vals, (rows, cols)), shape=(n, d))
w = np.round(rng.uniform(0.5, 2.0, size=n), 3)
out = {"sklearn": sklearn.__version__, "n_features": d, "n_classes": k,
       "rows": [[int(j) for j in X[i].indices] for i in range(n)],
       "vals": [[float(v) for v in X[i].data] for i in range(n)],
       "y": y, "weight": [float(v) for v in w], "cases": []}
for C, balanced in [(0.7, False), (5.0, True)]:
    m = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=100000,
                           class_weight="balanced" if balanced else None)
    m.fit(X, y, sample_weight=w)
    out["cases"].append({"C": C, "balanced": balanced,
                         "coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(),
                         "proba_first5": m.predict_proba(X[:5]).tolist()})
path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "sklearn", "logreg.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path), "with scikit-learn", sklearn.__version__)
