# Reference outputs for TransformerNumericsTest: small upstream ViT/Swin SeM/AE models (eval mode) on a fixed
# input, with their random weights listed in upstream's parameter order (the absolute position embedding
# permuted to channels-first). Upstream 86abf06 on Debian's torch 1.13, setup as in transformer_counts.py; the
# einops stub on $FLEMME_REF/stubs must implement PatchExpansionBlock's two rearrange patterns (a reshape/permute):
#   FLEMME_REF=/tmp/tr-up /usr/bin/python3 transformer_numerics.py   (writes numerics/case<i>.json here; one file
# per case keeps each under the project's 1 MiB YAML document limit)
import base64, copy, json, logging, os, sys
ref = os.environ.get('FLEMME_REF', '/tmp/tr-up')
sys.path.insert(0, ref + '/stubs'); sys.path.insert(0, ref)
logging.disable(logging.CRITICAL)
import torch
from flemme.model import create_model

# arrays as base64 of little-endian float32 (keeps the file small)
flat = lambda t: base64.b64encode(t.detach().contiguous().reshape(-1).numpy().astype('<f4').tobytes()).decode()


def case(arch, name, block, size, **enc):
    e = {'name': name, 'in_channel': 1, 'out_channel': 2 if arch == 'SeM' else 1, 'patch_channel': 8,
         'patch_size': 2, 'building_block': block, 'image_size': size}
    e.update(enc)
    m = {'name': arch, 'encoder': e}
    m['segmentation_losses' if arch == 'SeM' else 'reconstruction_losses'] = [{'name': 'MSE'}]
    return m


CASES = [
    case('SeM', 'SwinU', 'swin', [32, 32], window_size=4, down_channels=[8, 16], middle_channels=[32],
         normalization='layer', down_num_heads=2, up_num_heads=2, middle_num_heads=2),
    case('SeM', 'SwinU', 'double_swin', [32, 16], window_size=[4, 2], down_channels=[8, 16], middle_channels=[32],
         num_norm_groups=4, abs_pos_embedding=True, qkv_bias=False, activation='gelu'),
    case('SeM', 'SwinD', 'res_swin', [32, 32], window_size=2, down_channels=[8, 8, 16], middle_channels=[16],
         normalization='layer', num_blocks=1),
    case('SeM', 'ViTU', 'vit', [16, 16], down_channels=[8, 16], middle_channels=[32], num_norm_groups=4,
         mlp_hidden_ratios=[2.0], down_num_heads=[1, 2], qk_scale=0.5),
    case('AE', 'ViT', 'vit', [16, 16], down_channels=[8, 16], middle_channels=[16], dense_channels=[12],
         normalization='layer', activation='relu'),
    case('SeM', 'ViTD', 'vit', [32, 32], down_channels=[8, 8, 16], middle_channels=[16], normalization='layer',
         num_blocks=1),
    case('SeM', 'Swin', 'swin', [16, 16, 16], window_size=2, down_channels=[8, 16], middle_channels=[16],
         normalization='layer'),
    case('SeM', 'SwinU', 'double_swin', [16, 32, 16], window_size=[2, 4, 2], down_channels=[8, 16],
         middle_channels=[32], normalization='layer', num_blocks=1),
]

outdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'numerics')
os.makedirs(outdir, exist_ok=True)
for i, model in enumerate(CASES):
    torch.manual_seed(i)
    m = create_model(copy.deepcopy(model)).eval()
    params = []
    for n, p in m.named_parameters():
        if n.endswith('absolute_pos_embed'):
            p = p.permute(0, p.dim() - 1, *range(1, p.dim() - 1))
        params.append({'name': n, 'values': flat(p)})
    batch = 2 if len(model['encoder']['image_size']) == 2 else 1
    x = torch.randn([batch, 1] + model['encoder']['image_size'])
    with torch.no_grad():
        y = m.decoder(m.encoder(x))
        if isinstance(y, tuple):
            y = y[0]
    with open(os.path.join(outdir, 'case%d.json' % i), 'w') as f:
        json.dump({'upstream': '86abf06', 'id': str(i), 'model': model, 'input': flat(x), 'output': flat(y),
                   'params': params}, f)
