# Independent reference values for NoiseScheduleTest, in numpy float64 (no Flemme, no torch):
#   /usr/bin/python3 schedule_reference.py > schedule_reference.json
# alpha_bar[t] = prod_{s<=t} (1 - beta_s) with
#   linear: beta = linspace(1e-4, 0.02, T)
#   cosine: beta_i = min(1 - f((i+1)/T) / f(i/T), 0.999), f(u) = cos((u + 0.008) / 1.008 * pi / 2)^2
# and the DDIM step grids as upstream's ddim.py defines them:
#   uniform: arange(0, T, T // S) + 1;  quad: int(linspace(0, sqrt(0.8 T), S)^2) + 1
import json, math
import numpy as np

def linear(T):
    return np.linspace(1e-4, 0.02, T, dtype=np.float64)

def cosine(T):
    f = lambda u: math.cos((u + 0.008) / 1.008 * math.pi / 2) ** 2
    return np.array([min(1 - f((i + 1) / T) / f(i / T), 0.999) for i in range(T)], dtype=np.float64)

out = {'alpha_bar': [], 'tau': []}
for T in (1000, 500):
    for name, beta in (('linear', linear(T)), ('cosine', cosine(T))):
        ab = np.cumprod(1.0 - beta)
        for t in sorted({0, 1, T // 2, T - 1}):
            out['alpha_bar'].append({'schedule': name, 'T': T, 't': t, 'value': float(ab[t])})
for T, S in ((1000, 100), (500, 50)):
    uniform = (np.arange(0, T, T // S) + 1).tolist()
    quad = ((np.linspace(0, np.sqrt(T * 0.8), S)) ** 2).astype(int) + 1
    out['tau'].append({'T': T, 'S': S, 'uniform': uniform, 'quad': quad.tolist()})
print(json.dumps(out, indent=1))
