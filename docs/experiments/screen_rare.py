"""Screen: absolute (unnormalised) shared rare names: the sum / count / max IDF of shared names,
the max over the IDF's range, over the article's own largest, and as a document frequency.
Run from the repo root: .venv/bin/python docs/experiments/screen_rare.py (about 2 minutes)."""
import math
import numpy as np
from datetime import timedelta
from sklearn.metrics import average_precision_score
from sklearn.linear_model import LogisticRegression
from kabar.evaluate.datasets import DATASETS
from kabar.evaluate.training import articles_of
from kabar.cluster.signals import extract_signals
from kabar.cluster.vectors import OnlineTfidf
from kabar.cluster.profile import StoryIndex, StoryProfile, pair_features_many
from kabar.settings import load_settings
s = load_settings()
days = ["id-0618", "id-0618am", "id-0610", "id-0609"]
day_of = {"id-0618am": "18", "id-0618": "18"}
R = {}
def extra(sg, pr, v):
    shared = [w for n, w in sg.names.items() if n in pr.names]
    out = []
    for cut in (4.0, 5.0, 6.0):
        out.append(math.log1p(sum(w for w in shared if w >= cut)))
        out.append(math.log1p(sum(1 for w in shared if w >= cut)))
    m = max(shared, default=0.0)
    ceiling = math.log(v.documents + v._prior_documents + 1.0) + 1.0
    top = max(sg.names.values(), default=0.0)
    out += [m, (m - 1) / (ceiling - 1) if shared else 0.0, m / top if top else 0.0,
            -math.log1p((v.documents + v._prior_documents + 1.0) / math.exp(m - 1.0)) if shared else -10.0]
    return out
for n in days + ["id-0607", "ecbplus-train", "ecbplus"]:
    lab = DATASETS[n](s.benchmarks); arts = articles_of(lab, s); gold = lab.gold
    v = OnlineTfidf(s.cluster.max_features); index = StoryIndex(timedelta(hours=s.cluster.window_hours))
    rows, labels, ex = [], [], []
    for a in arts:
        sg = extract_signals(a, v); story = gold[a.id]
        c = index.candidates(sg)
        if c:
            rows.append(pair_features_many(sg, [index.profiles[x] for x in c])); labels += [int(x == story) for x in c]
            ex += [extra(sg, index.profiles[x], v) for x in c]
        pr = index.profiles.get(story) or StoryProfile(a.published, a.published); pr.add(sg); index.put(story, pr); v.observe(sg.terms[0])
    R[n] = (np.vstack(rows), np.array(labels), np.array(ex))
def fitap(train, test, cols):
    X = np.vstack([np.column_stack([R[o][0], R[o][2][:, cols]]) for o in train]); y = np.concatenate([R[o][1] for o in train])
    mu = X.mean(0); sd = X.std(0); sd[sd == 0] = 1
    clf = LogisticRegression(C=1.0, max_iter=2000).fit(np.clip((X - mu) / sd, -6, 6), y)
    Xt = np.column_stack([R[test][0], R[test][2][:, cols]])
    return average_precision_score(R[test][1], clf.decision_function(np.clip((Xt - mu) / sd, -6, 6)))
V = {"base": [], "sum4": [0], "n4": [1], "sum5": [2], "n5": [3], "sum6": [4], "n6": [5], "max": [6], "range": [7], "rel": [8], "logdf": [9]}
print("set", *V)
for d in days + ["id-0607", "ecbplus"]:
    train = [o for o in days if day_of.get(o, o) != day_of.get(d, d)] + ["ecbplus-train"]
    print(d, *[round(fitap(train, d, c), 4) for c in V.values()], flush=True)
