"""
Gradient-boosted rankers (LightGBM) against fused's co-engagement row, on fused's own validation
candidate lists (issue 16: is a non-linear ranker worth building?). Offline only: nothing here is served.

  pip install lightgbm scikit-learn numpy
  npm run eval -- --dataset lastfm --dir ../shared/data/lastfm-2k --model fused --seeds 1 \
    --cache /tmp/lf-cache --set dumpValidation=/tmp/gbdt/lastfm
  python3 scripts/ranking/gbdt-ranker.py /tmp/gbdt/lastfm/seed-1

The lists are those fused's selection compares (src/eval/fused/candidate-dump.ts writes them). Every ranker
is cross-fitted over two seeded halves of the users (trained on one half, scored on the other), as fused's
selection judges its logistic ranker, and read as NDCG@10 over the candidates against the row alone, with
the standard error of the per-user differences. Ties go to the lower item index, as in the harness.
"""
import json
import sys

import lightgbm as lgb
import numpy as np
from sklearn.linear_model import LogisticRegression


def load(folder):
    meta = json.load(open(folder + '/meta.json'))
    names = meta['features']
    rows = np.fromfile(folder + '/rows.bin', dtype=np.float32).reshape(-1, len(names))
    labels = np.fromfile(folder + '/labels.bin', dtype=np.uint8)
    items = np.fromfile(folder + '/items.bin', dtype=np.int32)
    return meta['users'], names, rows, labels, items


def per_list(users, starts, column, transform):
    out = np.empty_like(column)
    for k in range(len(users)):
        s, e = starts[k], starts[k + 1]
        out[s:e] = transform(column[s:e])
    return out


def standardised(c):
    sd = c.std()
    return (c - c.mean()) / (sd if sd > 1e-12 else 1)


def ranked(c):
    return np.argsort(np.argsort(-c)).astype(np.float64)


def main(folder):
    users, names, rows, labels, items = load(folder)
    n_users = len(users)
    starts = np.cumsum([0] + [m['len'] for m in users])
    varying = [f for f in range(len(names)) if rows[:, f].std() > 1e-9]
    x = rows[:, varying].astype(np.float64)
    varying_names = [names[f] for f in varying]
    print('users', n_users, 'rows', len(labels), 'varying features', varying_names)
    # The list-wise extras: each feature standardised and ranked within its list, and the user's activity.
    activity = np.concatenate([np.full(m['len'], np.log1p(m['n'])) for m in users])
    z = np.column_stack([per_list(users, starts, x[:, j], standardised) for j in range(x.shape[1])])
    r = np.column_stack([per_list(users, starts, x[:, j], ranked) for j in range(x.shape[1])])
    extended = np.column_stack([x, z, r, activity])
    discount = 1 / np.log2(np.arange(2, 12))

    def ndcg(scores):
        out = np.zeros(n_users)
        for k in range(n_users):
            s, e = starts[k], starts[k + 1]
            order = np.lexsort((items[s:e], -scores[s:e]))[:10]
            dcg = (labels[s:e][order] * discount[: len(order)]).sum()
            out[k] = dcg / discount[: min(10, users[k]['pos'])].sum()
        return out

    rng = np.random.default_rng(1)
    fold = rng.integers(0, 2, n_users)
    row_fold = np.concatenate([np.full(users[k]['len'], fold[k]) for k in range(n_users)])

    def cross_fitted(fit_and_score):
        scores = np.zeros(len(labels))
        for half in (0, 1):
            scores[row_fold == half] = fit_and_score(row_fold != half, row_fold == half)
        return ndcg(scores)

    def sampled(train, negatives_per_user=200):
        idx = np.where(train)[0]
        negatives = idx[labels[idx] == 0]
        keep = min(len(negatives), negatives_per_user * n_users // 2)
        return np.concatenate([idx[labels[idx] == 1], rng.choice(negatives, keep, replace=False)])

    def logistic(features):
        def fit_and_score(train, test):
            s = sampled(train)
            mu, sd = features[s].mean(0), features[s].std(0) + 1e-9
            model = LogisticRegression(C=1e2, max_iter=2000).fit((features[s] - mu) / sd, labels[s])
            return model.decision_function((features[test] - mu) / sd)

        return fit_and_score

    def group_sizes(mask):
        return [users[k]['len'] for k in range(n_users) if mask[starts[k]]]

    def boosted(features, objective='lambdarank', rounds=200, leaves=15):
        def fit_and_score(train, test):
            params = dict(
                objective=objective, learning_rate=0.05, num_leaves=leaves, min_data_in_leaf=50,
                feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0, verbose=-1, seed=1,
                lambdarank_truncation_level=20, eval_at=[10],
            )
            group = group_sizes(train) if objective == 'lambdarank' else None
            model = lgb.train(params, lgb.Dataset(features[train], labels[train], group=group), num_boost_round=rounds)
            return model.predict(features[test])

        return fit_and_score

    results = {'coEngagement alone': ndcg(x[:, varying_names.index('coEngagement')])}
    results['logistic, raw features'] = cross_fitted(logistic(x))
    results['logistic, standardised in the list'] = cross_fitted(logistic(z))
    for label, features in (('raw', x), ('raw + in-list standardised + ranks + activity', extended)):
        for rounds in (100, 300):
            for leaves in (7, 15):
                results[f'lambdarank {label}, {rounds} rounds, {leaves} leaves'] = cross_fitted(
                    boosted(features, rounds=rounds, leaves=leaves)
                )
        results[f'binary {label}, 200 rounds, 15 leaves'] = cross_fitted(boosted(features, objective='binary'))
    base = results['coEngagement alone']
    for label, values in results.items():
        delta = values - base
        se = delta.std(ddof=1) / np.sqrt(n_users)
        print(f'{label:62s} {values.mean():.4f}  vs the row {delta.mean():+.4f} ± {se:.4f}')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: python3 scripts/ranking/gbdt-ranker.py <dump folder>/seed-<seed>')
    main(sys.argv[1])
