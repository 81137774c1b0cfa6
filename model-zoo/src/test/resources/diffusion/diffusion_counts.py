# Parameter counts of upstream Flemme's diffusion configs (DiffusionConfigsTest reads the output table).
# Setup (never shipped): the wlsdzyzl/flemme snapshot checked out at $FLEMME_REF, Debian python3-torch 1.13,
# 'mamba' and 'point-cloud' switched off in flemme/config.py, stub SimpleITK/einops modules in $FLEMME_REF/stubs,
# and DDPM.__init__'s assert patched to read self.eps_model (HEAD raises NameError otherwise). Run:
#   FLEMME_REF=/tmp/flemme-up /usr/bin/python3 diffusion_counts.py > diffusion_counts.txt
# Output, one line per config under resources/ whose model is a diffusion model:
#   <path under resources/>|<model name>|<sum(p.numel() for p in create_model(cfg).parameters())>
# or, when upstream cannot build it here, the count column reads ERROR:<exception type>.
import copy, glob, logging, os, sys, yaml
ref = os.environ.get('FLEMME_REF', '/tmp/flemme-up')
sys.path.insert(0, ref + '/stubs'); sys.path.insert(0, ref)
logging.disable(logging.CRITICAL)
import torch
from flemme.model import create_model

NAMES = {'DDPM', 'DDIM', 'EDM', 'LDM', 'SDM', 'LDPM', 'LDIM', 'SDPM', 'SDIM'}
for path in sorted(glob.glob(ref + '/resources/**/*.yaml', recursive=True)):
    rel = os.path.relpath(path, ref + '/resources')
    try:
        with open(path) as f:
            cfg = yaml.safe_load(f)
    except yaml.YAMLError as e:
        if any(f'name: {n}' in open(path).read() for n in NAMES):
            print(f'{rel}|?|ERROR:YAMLError:{str(e).splitlines()[0][:80]}', flush=True)
        continue
    model = (cfg or {}).get('model') if isinstance(cfg, dict) else None
    if not isinstance(model, dict) or model.get('name') not in NAMES:
        continue
    try:
        torch.manual_seed(0)
        n = sum(p.numel() for p in create_model(copy.deepcopy(model)).parameters())
        print(f'{rel}|{model["name"]}|{n}', flush=True)
    except BaseException as e:  # upstream calls exit(1) on some config errors
        print(f'{rel}|{model["name"]}|ERROR:{type(e).__name__}:{str(e)[:80]}', flush=True)
