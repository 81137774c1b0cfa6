# Upstream parameter counts for time-step and condition embedding (ContextCountTest).
# Run with Debian's torch 1.13 against upstream Flemme HEAD 86abf06 checked out at $FLEMME_REF
# (transformer/mamba/point switched off in flemme/config.py, a stub SimpleITK module in $FLEMME_REF/stubs):
#   FLEMME_REF=/tmp/flemme-ref /usr/bin/python3 context_counts.py
# Each line: case name, sum(p.numel() for p in create_model(cfg).parameters()), and the output shape of
# forward(x, t, c) (t for Base only, as upstream's SeM/AE forward takes no t).
import copy, logging, os, sys
ref = os.environ.get('FLEMME_REF', '/tmp/flemme-ref')
sys.path.insert(0, ref + '/stubs'); sys.path.insert(0, ref)
logging.disable(logging.CRITICAL)
import torch, yaml
from flemme.model import create_model

ENC = """
encoder:
  name: {name}
  image_size: [64, 64]
  in_channel: 1
  out_channel: 1
  patch_channel: 32
  patch_size: 2
  down_channels: [64, 128]
  middle_channels: [256, 256]
  building_block: {block}
  normalization: {norm}
{extra}"""

def enc(name='UNet', block='single', norm='batch', extra=''):
    return ENC.format(name=name, block=block, norm=norm, extra=''.join('  ' + l + '\n' for l in extra.split(';') if l))

CASES = [
    # name, model YAML, t?, c shape or None
    ('unet-single-time128', 'name: Base\ntime_channel: 128' + enc(), True, None),
    ('unet-double-time64-gate', 'name: Base\ntime_channel: 64\ntime_injection: gate' + enc(block='double', norm='group'), True, None),
    ('unet-res-time128-bias', 'name: Base\ntime_channel: 128\ntime_injection: bias\ntime_activation: relu' + enc(block='res'), True, None),
    ('cnn-single-time128', 'name: Base\ntime_channel: 128' + enc(name='CNN'), True, None),
    ('cnn-dense-time32', 'name: Base\ntime_channel: 32' + enc(name='CNN', extra='dense_channels: [64]'), True, None),
    ('unet-res-time16-numblocks3', 'name: Base\ntime_channel: 16' + enc(block='res', norm='group', extra='num_blocks: 3;final_channels: [16]'), True, None),
    ('sem-unet-time128', 'name: SeM\ntime_channel: 128' + enc(), False, None),
    ('cond-onehot-injection', 'name: Base\ntime_channel: 128\ncondition_embedding:\n  combine_condition: injection\n  encoder: {name: OneHot, num_classes: 10, out_channel: 64}' + enc(), True, (2, 10)),
    ('cond-onehot-add-to-time', 'name: Base\ntime_channel: 128\ncondition_embedding:\n  combine_condition: injection\n  condition_injection: add_to_time\n  encoder: {name: OneHot, num_classes: 10, out_channel: 128}' + enc(block='res'), True, (2, 10)),
    ('cond-position-cat-to-time', 'name: Base\ntime_channel: 64\ncondition_embedding:\n  combine_condition: injection\n  condition_injection: cat_to_time\n  encoder: {name: Position, out_channel: 32}\n  decoder: same_as_encoder' + enc(block='double'), True, (2,)),
    ('cond-onehot-gate-first', 'name: Base\ntime_channel: 64\ncondition_embedding:\n  combine_condition: injection\n  condition_injection: gate\n  condition_first: true\n  encoder: {name: OneHot, num_classes: 2, out_channel: 32}\n  decoder: same_as_encoder' + enc(), True, (2, 1)),
    ('cond-identity-cat', 'name: Base\ntime_channel: 64\ncondition_embedding:\n  combine_condition: cat\n  encoder: {name: Identity, out_channel: 2}' + enc(), True, (2, 2, 64, 64)),
    ('cond-onehot-add', 'name: SeM\ncondition_embedding:\n  combine_condition: add\n  encoder: {name: OneHot, num_classes: 5, out_channel: 1, activation: silu}\n  decoder: {name: OneHot, num_classes: 5, out_channel: 256}' + enc(), False, (2, 5)),
    ('cond-onehot-injection-both', 'name: Base\ntime_channel: 32\ncondition_embedding:\n  combine_condition: injection\n  condition_injection: bias\n  encoder: {name: OneHot, num_classes: 4, out_channel: 48}\n  decoder: {name: OneHot, num_classes: 4, out_channel: 48}' + enc(name='CNN', block='res'), True, (2, 4)),
    ('cond-decoder-cat', 'name: Base\ncondition_embedding:\n  combine_condition: cat\n  decoder: {name: OneHot, num_classes: 3, out_channel: 8}' + enc(name='CNN'), False, (2, 3)),
    ('cond-cnn-encoder-cat', 'name: Base\ntime_channel: 32\ncondition_embedding:\n  combine_condition: cat\n  encoder: {name: CNN, image_size: [64, 64], in_channel: 3, out_channel: 3, patch_channel: 8, down_channels: [16], middle_channels: [16], dense_channels: [8]}' + enc(), True, (2, 3, 64, 64)),
    # HSeM/HAE (HBase): the condition reaches encoder and decoder as in Base; the hierarchical heads see none
    ('hsem-onehot-injection', 'name: HSeM\ncondition_embedding:\n  combine_condition: injection\n  encoder: {name: OneHot, num_classes: 10, out_channel: 64}\n  decoder: same_as_encoder' + enc(), False, (2, 10)),
    ('hae-identity-cat', 'name: HAE\ncondition_embedding:\n  combine_condition: cat\n  encoder: {name: Identity, out_channel: 2}' + enc(block='res', norm='group'), False, (2, 2, 64, 64)),
    ('hsem-onehot-add', 'name: HSeM\ncondition_embedding:\n  combine_condition: add\n  encoder: {name: OneHot, num_classes: 5, out_channel: 1}\n  decoder: {name: OneHot, num_classes: 5, out_channel: 256}' + enc(name='CNN'), False, (2, 5)),
    # ClM (OnlyEncoder): condition_embedding is itself the embedding config plus combine_condition & co.
    ('clm-onehot-cat', 'name: ClM\ncondition_embedding: {name: OneHot, num_classes: 4, out_channel: 2, combine_condition: cat}' + enc(name='CNN', extra='dense_channels: [64]').replace('out_channel: 1', 'out_channel: 10'), False, (2, 4)),
    ('clm-onehot-injection-gate', 'name: ClM\ncondition_embedding: {name: OneHot, num_classes: 4, out_channel: 32, combine_condition: injection, condition_injection: gate}' + enc(name='CNN', block='res', norm='group', extra='dense_channels: [64]').replace('out_channel: 1', 'out_channel: 10'), False, (2, 4)),
]

for name, text, with_t, c_shape in CASES:
    cfg = yaml.safe_load(text)
    try:
        m = create_model(copy.deepcopy(cfg))
    except BaseException as e:
        print(name, 'FAILS', type(e).__name__, e)
        continue
    n = sum(p.numel() for p in m.parameters())
    m.eval()
    x = torch.randn(2, 1, 64, 64)
    kw = {}
    if with_t:
        kw['t'] = torch.tensor([3.0, 500.0])
    if c_shape is not None:
        kw['c'] = torch.randn(*c_shape) if len(c_shape) != 1 else torch.tensor([1.0, 7.0])
    try:
        with torch.no_grad():
            y = m(x, **kw)
        if isinstance(y, dict):
            y = next(y[k] for k in ('seg_logits', 'recon', 'cls_logits') if k in y)
        shape = tuple(y.shape)
    except BaseException as e:
        shape = 'forward fails: %s %s' % (type(e).__name__, e)
    print(name, n, shape)
