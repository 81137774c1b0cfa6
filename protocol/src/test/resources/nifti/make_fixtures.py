"""Writes the small synthetic NIfTI-1 volumes NiftiVolumeTest reads, and their expected voxels.

The headers are written by hand with struct (so the Java reader is not checked against itself); the expected
values come from nibabel, an independent reader: (D, H, W) = nibabel's (x, y, z) array transposed, as
SimpleITK's GetArrayFromImage (Flemme's load_itk) returns it, with scl_slope/scl_inter applied.

Run from this folder:  /usr/bin/python3 make_fixtures.py   (needs numpy and nibabel; nibabel 5.0.0 was used)
"""
import gzip
import struct

import nibabel as nib
import numpy as np

CODES = {'u1': (2, 8), 'i2': (4, 16), 'f4': (16, 32), 'i1': (256, 8), 'u2': (512, 16), 'i4': (8, 32), 'f8': (64, 64)}


def header(endian, xyz, dtype, slope, inter, vox_offset):
    code, bitpix = CODES[dtype]
    h = bytearray(348)
    struct.pack_into(endian + 'i', h, 0, 348)
    dim = [3, *xyz, 1, 1, 1, 1]
    struct.pack_into(endian + '8h', h, 40, *dim)
    struct.pack_into(endian + 'hh', h, 70, code, bitpix)
    struct.pack_into(endian + '8f', h, 76, 1, 1, 1, 1, 1, 1, 1, 1)  # pixdim
    struct.pack_into(endian + 'fff', h, 108, vox_offset, slope, inter)
    h[344:348] = b'n+1\0'
    return bytes(h)


def write(name, endian, xyz, dtype, values_xyz, slope=0.0, inter=0.0, vox_offset=352, gz=False):
    hdr = header(endian, xyz, dtype, slope, inter, vox_offset)
    pad = b'\0' * (vox_offset - 348)  # the 4-byte extension flag (0: none) and any padding
    # NIfTI stores x fastest: Fortran order of the (x, y, z) array
    data = np.asarray(values_xyz).astype(np.dtype(dtype).newbyteorder(endian)).tobytes(order='F')
    blob = hdr + pad + data
    with (gzip.open(name, 'wb') if gz else open(name, 'wb')) as f:
        f.write(blob)
    expected = np.asarray(nib.load(name).get_fdata(dtype=np.float64)).transpose(2, 1, 0)
    with open(name.split('.')[0] + '.expected.txt', 'w') as f:
        f.write(' '.join(str(s) for s in expected.shape) + '\n')
        f.write(' '.join(repr(float(v)) for v in expected.ravel()) + '\n')


rng = np.random.default_rng(7)
xyz = (4, 3, 2)  # nx, ny, nz: the Java reader must give (D, H, W) = (2, 3, 4)
write('le_uint8.nii', '<', xyz, 'u1', rng.integers(0, 256, xyz))
write('be_int16_scaled.nii.gz', '>', xyz, 'i2', rng.integers(-300, 300, xyz), slope=0.5, inter=-3.0, gz=True)
write('le_float32_offset.nii', '<', xyz, 'f4', rng.normal(size=xyz), vox_offset=400)
write('be_float32.nii', '>', (2, 2, 3), 'f4', rng.normal(size=(2, 2, 3)))
write('le_int16_slope0.nii', '<', xyz, 'i2', rng.integers(-5, 5, xyz), slope=0.0, inter=7.0)
write('le_uint16.nii.gz', '<', (3, 2, 2), 'u2', rng.integers(0, 65535, (3, 2, 2)), gz=True)
