# Reference parameter counts for TransformerCountsTest: upstream Flemme's create_model(cfg) for every ViT/Swin
# image config under upstream resources/ (model sections copied into the output), the ViT/Swin entries of
# scripts/unittest/model_img_config.yaml and model_img3d_config.yaml, and small variants of our own.
# Upstream wlsdzyzl/flemme HEAD 86abf06 checked out in $FLEMME_REF, Debian python3-torch 1.13, 'mamba' and
# 'point-cloud' switched off in flemme/config.py, stub modules SimpleITK and einops on $FLEMME_REF/stubs:
#   FLEMME_REF=/tmp/tr-up /usr/bin/python3 transformer_counts.py > transformer_counts.json
import copy, glob, json, logging, os, sys
ref = os.environ.get('FLEMME_REF', '/tmp/tr-up')
sys.path.insert(0, ref + '/stubs'); sys.path.insert(0, ref)
logging.disable(logging.CRITICAL)
import yaml
import torch
from flemme.model import create_model

FAMILY = ('ViT', 'ViTU', 'ViTD', 'Swin', 'SwinU', 'SwinD')
ARCHS = ('SeM', 'HSeM', 'AE', 'HAE', 'VAE', 'ClM', 'Base')


def count(model, label):
    try:
        m = create_model(copy.deepcopy(model))
    except (Exception, SystemExit) as e:  # recorded as -1, so the test can check flemme4j refuses it too
        print(label, 'does not build upstream:', type(e).__name__, e, file=sys.stderr)
        return -1
    return sum(p.numel() for p in m.parameters())


cases = []
for f in sorted(glob.glob(ref + '/resources/img/**/*.yaml', recursive=True)):
    try:
        model = yaml.safe_load(open(f)).get('model')
    except yaml.YAMLError:  # e.g. mnist/train_swinu_edm.yaml is not valid YAML upstream (a diffusion config anyway)
        continue
    if not model or model.get('name') not in ARCHS or model.get('encoder', {}).get('name') not in FAMILY:
        continue
    cases.append({'id': os.path.relpath(f, ref), 'model': model, 'count': count(model, f)})

for f in ('scripts/unittest/model_img_config.yaml', 'scripts/unittest/model_img3d_config.yaml'):
    for i, model in enumerate(yaml.safe_load(open(os.path.join(ref, f)))['models']):
        if model['encoder']['name'] in FAMILY:
            cases.append({'id': f + '#' + str(i), 'model': model, 'count': count(model, str(model))})


def own(name, arch, **enc):
    # upstream's create_encoder defaults building_block to 'single', which no transformer encoder accepts
    e = {'name': name, 'in_channel': 1, 'out_channel': 1, 'patch_channel': 16, 'patch_size': 2,
         'building_block': 'vit' if name.startswith('ViT') else 'swin'}
    e.update(enc)
    model = {'name': arch, 'encoder': e}
    if arch in ('SeM', 'HSeM'):
        model['segmentation_losses'] = [{'name': 'Dice'}, {'name': 'BCEL'}]
    elif arch == 'ClM':
        model['classification_losses'] = [{'name': 'CE'}]
        e['out_channel'] = 3
    elif arch in ('AE', 'HAE', 'VAE'):
        model['reconstruction_losses'] = [{'name': 'MSE'}]
    return model


OWN = [
    own('ViT', 'SeM', image_size=[32, 32], down_channels=[32, 64], middle_channels=[64]),
    own('ViT', 'AE', image_size=[32, 32], down_channels=[32, 64], middle_channels=[64], dense_channels=[64],
        normalization='layer'),
    own('ViT', 'ClM', image_size=[16, 16], down_channels=[32], middle_channels=[32], dense_channels=[32, 16]),
    own('ViTU', 'SeM', image_size=[32, 32], down_channels=[16, 32], middle_channels=[64], down_num_heads=[2, 4],
        up_num_heads=[4, 2], middle_num_heads=2, mlp_hidden_ratios=[2.0], qkv_bias=False, abs_pos_embedding=True),
    own('ViTD', 'SeM', image_size=[32, 32], down_channels=[16, 16, 32], middle_channels=[32], normalization='layer'),
    own('ViTU', 'HSeM', image_size=[32, 32], down_channels=[16, 32], middle_channels=[64], normalization='layer'),
    own('Swin', 'SeM', image_size=[32, 32], window_size=4, down_channels=[32, 64], middle_channels=[64]),
    own('Swin', 'VAE', image_size=[32, 32], window_size=[4, 2], down_channels=[16, 32], middle_channels=[32],
        normalization='layer', building_block='double_swin'),
    own('Swin', 'ClM', image_size=[32, 32], window_size=4, down_channels=[16, 32], middle_channels=[32],
        dense_channels=[32]),
    own('SwinU', 'SeM', image_size=[32, 32], window_size=4, down_channels=[16, 32], middle_channels=[64],
        building_block='res_swin', normalization='layer'),
    own('SwinU', 'SeM', image_size=[80, 80], window_size=10, down_channels=[16, 32], middle_channels=[64],
        building_block='double_swin', abs_pos_embedding=True),
    own('SwinD', 'SeM', image_size=[32, 32], window_size=2, down_channels=[16, 16, 32], middle_channels=[32],
        normalization='layer'),
    own('SwinU', 'HSeM', image_size=[32, 32], window_size=4, down_channels=[16, 32], middle_channels=[64]),
    own('SwinU', 'AE', image_size=[32, 32], window_size=4, down_channels=[16, 32], middle_channels=[64],
        drop_path=0.2, atten_dropout=0.1, dropout=0.1),
    own('ViT', 'SeM', image_size=[16, 16, 16], down_channels=[16, 32], middle_channels=[32], normalization='layer'),
    own('ViTU', 'SeM', image_size=[16, 16, 16], down_channels=[16, 32], middle_channels=[64]),
    own('ViTD', 'SeM', image_size=[16, 16, 16], down_channels=[16, 16, 32], middle_channels=[32]),
    own('Swin', 'SeM', image_size=[16, 16, 16], window_size=2, down_channels=[16, 32], middle_channels=[32]),
    own('SwinU', 'SeM', image_size=[16, 32, 16], window_size=[2, 4, 2], down_channels=[16, 32], middle_channels=[64],
        building_block='double_swin', normalization='layer'),
    own('SwinD', 'SeM', image_size=[32, 32, 32], window_size=2, down_channels=[16, 16, 32], middle_channels=[32],
        building_block='res_swin'),
]
for i, model in enumerate(OWN):
    cases.append({'id': 'own#' + str(i), 'model': model, 'count': count(model, str(model))})

json.dump({'upstream': '86abf06', 'torch': torch.__version__, 'cases': cases}, sys.stdout, indent=1)
