"""Counts upstream Flemme's parameters for each model of a YAML file (measurement only, never shipped).

Run from an upstream checkout with Debian's torch:
  PYTHONPATH=<checkout>:<dir of sitecustomize_stub.py> /usr/bin/python3 count_upstream_pcd.py <models.yaml>
with `mamba` off in flemme/config.py and `point-cloud` on; the stub module turns the CUDA/geometry packages
Debian lacks (cpp_extension, knn_cuda, geomloss, ot, plyfile, trimesh, fpsample, SimpleITK, einops) into no-ops,
which only forward passes would need.
"""
import sys
import sitecustomize_stub  # noqa: F401  (installs the stubs before flemme imports them)
import yaml
from flemme.model import create_model

with open(sys.argv[1]) as f:
    doc = yaml.safe_load(f)
models = doc['models'] if 'models' in doc else [doc['model']]
for i, cfg in enumerate(models):
    enc = cfg.get('encoder', {})
    label = f"{i}: {cfg['name']}/{enc.get('name')} k={enc.get('num_neighbors_k', 0)} block={enc.get('building_block')}"
    if 'Mamba' in str(enc.get('name')):  # mamba is off here, and upstream exits on an unknown encoder
        print(label, 'SKIPPED (mamba off)')
        continue
    try:
        model = create_model(cfg)
        print(label, sum(p.numel() for p in model.parameters()))
    except Exception as e:  # report and go on: some families need packages that are stubbed
        print(label, 'FAILED', type(e).__name__, str(e)[:160])
