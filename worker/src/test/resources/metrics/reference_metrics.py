"""Reference values for worker/src/test/java/dev/flemme4j/worker/MetricNumericsTest.java.

Run with Debian's python (numpy 1.24, scipy 1.10, scikit-image 0.19.3 from python3-skimage):

    /usr/bin/python3 worker/src/test/resources/metrics/reference_metrics.py [--flemme /tmp/flemme-ref]

The inputs come from the integer generator below, which the Java test repeats exactly. Every metric is computed
here on float64 copies of the float32 inputs, with the functions Flemme's metrics.py calls:
skimage.metrics.structural_similarity (channel_axis=0), peak_signal_noise_ratio, mean_squared_error and
hausdorff_distance; the 'modified' Hausdorff distance (not in scikit-image 0.19) with scipy's cKDTree as
max(mean directed distances). Dice/mIoU/ACC use Flemme's formulas written out in numpy.
With --flemme, the same inputs also go through Flemme's own metric classes (sklearn stubbed; HD's `method` argument
dropped because scikit-image 0.19 lacks it) and the script asserts both agree.
"""
import sys

import numpy as np
from scipy.spatial import cKDTree
from skimage.metrics import hausdorff_distance, mean_squared_error, peak_signal_noise_ratio, structural_similarity


class Lcg:
    """state <- (1103515245 * state + 12345) mod 2^31; next() = float32(state / 2^31)."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (1103515245 * self.state + 12345) % (1 << 31)
        return self.state / float(1 << 31)

    def floats(self, shape, f=lambda r: r):
        return np.array([np.float32(f(self.next())) for _ in range(int(np.prod(shape)))], dtype=np.float32).reshape(shape)


def noisy_copy(x, g, amount):
    """float32(x + amount * (r - 0.5)), r from g, in row-major order."""
    flat = [np.float32(float(v) + amount * (g.next() - 0.5)) for v in x.reshape(-1)]
    return np.array(flat, dtype=np.float32).reshape(x.shape)


def recon_case(seed, shape, data_range, lo):
    g = Lcg(seed)
    x = g.floats(shape, lambda r: lo + (1 - lo) * r)
    y = noisy_copy(x, g, 0.4)
    return x, y


def modified_hd(a, b):
    pa, pb = np.transpose(np.nonzero(a)), np.transpose(np.nonzero(b))
    return max(cKDTree(pb).query(pa, k=1)[0].mean(), cKDTree(pa).query(pb, k=1)[0].mean())


def seg_masks(seed, shape, t):
    """(C, spatial...) logits r - t and labels: C == 1 -> 0/1 by r > t; C > 1 -> one-hot of a random class."""
    g = Lcg(seed)
    logits = g.floats(shape, lambda r: r - t)
    c = shape[0]
    if c == 1:
        label = g.floats(shape, lambda r: 1.0 if r > t else 0.0)
    else:
        cls = np.array([int(g.next() * c) for _ in range(int(np.prod(shape[1:])))]).reshape(shape[1:])
        label = np.stack([(cls == k).astype(np.float32) for k in range(c)])
    return logits, label


def flemme_masks(logits, label):
    """Flemme's prediction masks: logit > 0 for one channel, one-hot of the arg-max otherwise; truth label > 0."""
    if logits.shape[0] == 1:
        pred = (logits > 0).astype(np.float32)
    else:
        am = logits.argmax(axis=0)
        pred = np.stack([(am == k).astype(np.float32) for k in range(logits.shape[0])])
    return pred, label


def seg_reference(logits, label, method):
    pred, label = flemme_masks(logits, label)
    x, y = pred > 0, label > 0
    c = x.shape[0]
    xs, ys = x.reshape(c, -1), y.reshape(c, -1)
    dice = ((2 * (xs & ys).sum(1) + 1e-8) / (xs.sum(1) + ys.sum(1) + 1e-8)).mean()
    miou = (((xs & ys).sum(1) + 1e-8) / ((xs | ys).sum(1) + 1e-8)).mean()
    if c > 1 and max(label.max(), pred.max()) == 1:
        acc = (pred.argmax(0) == label.argmax(0)).mean()
    else:
        acc = (pred == label).mean()
    hd = [hausdorff_distance(x[k], y[k]) if method == 'standard' else modified_hd(x[k], y[k]) for k in range(c)]
    return dict(Dice=dice, mIoU=miou, ACC=acc, HD=sum(hd) / c)


RECON = [  # name, seed, shape, data_range (None: scikit-image's rule), lowest value
    ('recon2d', 11, (1, 12, 10), 1.0, 0.0),
    ('recon3ch', 12, (3, 9, 8), 2.0, -1.0),
    ('recon3d', 13, (1, 8, 9, 7), 1.0, 0.0),
    ('psnrRuleNonNegative', 14, (1, 7, 7), None, 0.0),
    ('psnrRuleNegative', 15, (1, 7, 7), None, -0.9),
]
SEG = [  # name, seed, shape, threshold t, HD method
    ('seg2d', 21, (1, 16, 13), 0.5, 'standard'),
    ('seg2dSparse', 24, (1, 20, 17), 0.97, 'standard'),
    ('seg2dSparseModified', 24, (1, 20, 17), 0.97, 'modified'),
    ('seg3d', 22, (1, 6, 7, 5), 0.8, 'standard'),
    ('seg3ch', 23, (3, 10, 9), 0.0, 'standard'),
]


def main():
    results = {}
    for name, seed, shape, rng, lo in RECON:
        x, y = recon_case(seed, shape, rng, lo)
        x64, y64 = x.astype(np.float64), y.astype(np.float64)
        r = dict(MSE=mean_squared_error(x64, y64), PSNR=peak_signal_noise_ratio(x64, y64, data_range=rng))
        if rng is not None:
            r['SSIM'] = structural_similarity(x64, y64, data_range=rng, channel_axis=0)
        results[name] = (r, (x, y, rng))
    for name, seed, shape, t, method in SEG:
        logits, label = seg_masks(seed, shape, t)
        results[name] = (seg_reference(logits, label, method), (logits, label, method))
    for name, (r, _) in results.items():
        print(name, ' '.join('%s=%.12g' % kv for kv in r.items()))
    if '--flemme' in sys.argv:
        cross_check(sys.argv[sys.argv.index('--flemme') + 1], results)


def cross_check(root, results):
    import types
    sys.path.insert(0, root + '/stubs')
    sys.path.insert(0, root)
    sk = types.ModuleType('sklearn')
    for sub in ['sklearn.metrics', 'sklearn.metrics.cluster', 'sklearn.neighbors']:
        sys.modules[sub] = types.ModuleType(sub)
    for f in ['rand_score', 'adjusted_rand_score', 'mutual_info_score', 'adjusted_mutual_info_score',
              'normalized_mutual_info_score']:
        setattr(sys.modules['sklearn.metrics.cluster'], f, None)
    sys.modules['sklearn.neighbors'].NearestNeighbors = None
    sys.modules['sklearn'] = sk
    import logging
    logging.disable(logging.CRITICAL)
    import flemme.metrics as fm
    from functools import partial
    for name, (r, (a, b, opt)) in results.items():
        if name.startswith('recon') or name.startswith('psnr'):
            mine = dict(MSE=fm.mse(a, b), PSNR=fm.PSNR(data_range=opt)(a, b))
            if opt is not None:
                mine['SSIM'] = fm.SSIM(data_range=opt, channel_dim=0)(a, b)
        else:
            pred, label = flemme_masks(a, b)
            hd = fm.HD(channel_dim=0)
            hd.hd = hausdorff_distance if opt == 'standard' else modified_hd
            mine = dict(Dice=fm.Dice(channel_dim=0)(pred, label), mIoU=fm.mIoU(channel_dim=0)(pred, label),
                        ACC=fm.ACC(channel_dim=0)(pred, label), HD=hd(pred, label))
        for k, v in r.items():
            # Flemme feeds float32 arrays, so scikit-image works in float32 there
            assert abs(mine[k] - v) <= 1e-5 * max(1.0, abs(v)), (name, k, mine[k], v)
    print('flemme cross-check: all metrics agree within 1e-5')


if __name__ == '__main__':
    main()
