"""Upstream parameter counts of every PointNet/PointNet2 model section under upstream resources/pcd and of the
PointNet/PointNet2 entries of scripts/unittest/model_pcd_config.yaml, as the table pointcloud_counts.json
(measurement only, never shipped). Run from an upstream checkout (mamba off, the DDPM eps_model typo patched):
  PYTHONPATH=<checkout>:<dir of sitecustomize_stub.py> /usr/bin/python3 pointcloud_counts.py pointcloud_counts.json
"""
import copy, glob, json, sys
import sitecustomize_stub  # noqa: F401
import yaml
from flemme.model import create_model

def encoder_names(cfg):
    names = []
    def walk(c):
        if isinstance(c, dict):
            if isinstance(c.get('encoder'), dict):
                names.append(str(c['encoder'].get('name')))
            for v in c.values():
                walk(v)
        elif isinstance(c, list):
            for v in c:
                walk(v)
    walk(cfg)
    return names

cases = []
sources = [(p, yaml.safe_load(open(p)).get('model')) for p in sorted(glob.glob('resources/pcd/**/*.yaml', recursive=True))]
unit = yaml.safe_load(open('scripts/unittest/model_pcd_config.yaml'))['models']
sources += [('scripts/unittest/model_pcd_config.yaml#%d' % i, m) for i, m in enumerate(unit)]
for path, cfg in sources:
    names = encoder_names(cfg)
    if not any(n in ('PointNet', 'PointNet2', 'DGCNN', 'PointWise') for n in names):
        continue
    try:
        count = sum(p.numel() for p in create_model(copy.deepcopy(cfg)).parameters())
    except (Exception, SystemExit) as e:
        count = -1
        error = type(e).__name__ + ': ' + str(e)[:200]
    case = {'id': path, 'model': cfg, 'count': count}
    if count < 0:
        case['upstream_error'] = error
    # the 2024 PointNet spellings: flemme4j reads them as HEAD's names; HEAD refuses 'single' and silently ignores
    # conv_channels and pointwise (its PointNet then has the default local_feature_channels)
    if 'conv_channels' in json.dumps(cfg) or "'single'" in repr(cfg) or 'pointwise' in json.dumps(cfg):
        variant = copy.deepcopy(cfg)
        def respell(c):
            if isinstance(c, dict):
                if c.get('name') == 'PointNet':
                    if c.get('building_block') == 'single':
                        c['building_block'] = 'dense'
                    if 'conv_channels' in c:
                        c['local_feature_channels'] = c.pop('conv_channels')
                    if 'pointwise' in c:
                        c['vector_embedding'] = not c.pop('pointwise')
                for v in c.values():
                    respell(v)
        respell(variant)
        try:
            case['count_2024_spellings'] = sum(p.numel() for p in create_model(variant).parameters())
        except (Exception, SystemExit) as e:
            pass
    cases.append(case)
json.dump({'upstream': '86abf06', 'torch': '1.13', 'cases': cases}, open(sys.argv[1], 'w'), indent=1)
