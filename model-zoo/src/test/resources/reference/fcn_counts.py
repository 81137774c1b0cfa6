# Upstream parameter counts for FCN (2024 name PointWise) vector models (FcnCountTest).
# Run with Debian's torch 1.13 against upstream Flemme HEAD 86abf06 checked out at $FLEMME_REF
# (transformer/mamba/point switched off in flemme/config.py, stub modules in $FLEMME_REF/stubs):
#   FLEMME_REF=/tmp/flemme-ref /usr/bin/python3 fcn_counts.py
# Upstream's FCNDecoder.__init__ reads an undefined name `in_channel` (NameError for every model with an FCN
# decoder: Base, AE, VAE); its only sensible reading is the decoder's input, `latent_channel`, so this script
# binds that name before each FCNDecoder is built. Models without a decoder (ClM) run upstream as is.
# Each line: case name, sum(p.numel() for p in create_model(cfg).parameters()), output shape of forward.
import copy, logging, os, sys
ref = os.environ.get('FLEMME_REF', '/tmp/flemme-ref')
sys.path.insert(0, ref + '/stubs'); sys.path.insert(0, ref)
logging.disable(logging.CRITICAL)
import torch, yaml
import flemme.encoder.fcn as fcn
from flemme.model import create_model

_decoder_init = fcn.FCNDecoder.__init__
def _decoder_init_with_input(self, vec_dim=3, latent_channel=256, **kwargs):
    fcn.in_channel = latent_channel
    _decoder_init(self, vec_dim=vec_dim, latent_channel=latent_channel, **kwargs)
fcn.FCNDecoder.__init__ = _decoder_init_with_input

CASES = [
    # name, model YAML, input width, takes t
    ('seed-ldpm-eps', 'name: Base\ntime_channel: 128\nencoder: {name: FCN, in_channel: 1024, seq_feature_channels: [1024, 2048, 4096], building_block: res_dense, activation: silu, normalization: layer, dropout: 0.1}', 1024, True),
    ('clm-dense-group', 'name: ClM\nencoder: {name: FCN, in_channel: 16, out_channel: 4, building_block: dense, seq_feature_channels: [32, 64]}', 16, False),
    ('clm-res-batch-1block', 'name: ClM\nencoder: {name: FCN, in_channel: 12, out_channel: 3, building_block: res_dense, normalization: batch, num_blocks: 1, seq_feature_channels: [24, 48]}', 12, False),
    ('clm-double-layer-3blocks', 'name: ClM\nencoder: {name: FCN, in_channel: 10, out_channel: 5, building_block: double_fc, normalization: layer, num_blocks: 3, activation: silu}', 10, False),
    ('base-res-group-time32', 'name: Base\ntime_channel: 32\nencoder: {name: FCN, in_channel: 16, building_block: res_fc, seq_feature_channels: [32, 48], activation: relu}', 16, True),
    ('base-double-time16-bias', 'name: Base\ntime_channel: 16\ntime_injection: bias\nencoder: {name: FCN, in_channel: 8, out_channel: 6, building_block: double_dense, normalization: layer, num_blocks: 1, seq_feature_channels: [16]}', 8, True),
    ('ae-dense-default', 'name: AE\nreconstruction_losses: [{name: MSE}]\nencoder: {name: FCN, in_channel: 16, building_block: dense}', 16, False),
    # FCN as the condition embedding of an image model; input (2, 1, 16, 16), condition (2, 6)
    ('cond-fcn-injection-unet', 'name: Base\ntime_channel: 32\ncondition_embedding:\n  combine_condition: injection\n  encoder: {name: FCN, in_channel: 6, out_channel: 6, building_block: res_dense, seq_feature_channels: [32, 48]}\nencoder: {name: UNet, image_size: [16, 16], in_channel: 1, patch_channel: 8, down_channels: [16, 32], middle_channels: [64], normalization: group}', (1, 16, 16), True),
]

for name, text, width, with_t in CASES:
    cfg = yaml.safe_load(text)
    m = create_model(copy.deepcopy(cfg))
    n = sum(p.numel() for p in m.parameters())
    m.eval()
    x = torch.randn(2, *width) if isinstance(width, tuple) else torch.randn(2, width)
    c = torch.randn(2, 6) if 'condition_embedding' in cfg else None
    with torch.no_grad():
        y = m(x, torch.tensor([3.0, 7.0]), c) if with_t else m(x)
    if isinstance(y, dict):
        y = y.get('cls_logits', y.get('recon'))
    print(name, n, tuple(y.shape))
