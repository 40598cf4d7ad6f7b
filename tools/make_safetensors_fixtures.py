#!/usr/bin/python3
# PyTorch <-> safetensors interop fixtures for the C# tests, with json + struct + torch only (no safetensors package).
#   make [OUTDIR]              write torch_sequential.* (a real nn.Sequential state_dict) and dtypes.* fixtures
#   check FILE EXPECTED [--model]  read FILE (written by C#), compare with EXPECTED json; --model also loads it
#                              into the same nn.Sequential with load_state_dict(strict=True). Exit 1 on mismatch.
# Run with Debian's python3-torch: /usr/bin/python3 tools/make_safetensors_fixtures.py make
import json
import os
import struct
import sys

import torch
from torch import nn

DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}
SIZES = {"F64": 8, "I64": 8, "F32": 4, "I32": 4, "F16": 2, "BF16": 2, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}
# The reference writer's order: descending dtype alignment (its enum order), then name.
RANK = ["BOOL", "U8", "I8", "I16", "F16", "BF16", "I32", "F32", "F64", "I64"]


def tensor_bytes(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype in (torch.bfloat16, torch.float16):
        t = t.view(torch.int16)
    elif t.dtype == torch.bool:
        t = t.to(torch.uint8)
    array = t.numpy()
    return array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()  # safetensors is little-endian


def save(path, tensors, metadata):
    """tensors: dict name -> torch tensor. Exactly the safetensors layout: u64 N, JSON padded to 8, packed data."""
    names = sorted(tensors, key=lambda n: (-RANK.index(NAMES[tensors[n].dtype]), n))
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name in names:
        data = tensor_bytes(tensors[name])
        header[name] = {"dtype": NAMES[tensors[name].dtype], "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load(path):
    """Returns (list of (name, tensor) in file order, metadata). Checks sizes, contiguity and trailing bytes."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    data = raw[8 + n:]
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    position, out = 0, []
    for name, info in entries:
        begin, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        assert begin == position, f"{name}: offsets not contiguous"
        assert end - begin == count * SIZES[info["dtype"]], f"{name}: byte size mismatch"
        dtype = DTYPES[info["dtype"]]
        if count == 0:
            t = torch.empty(info["shape"], dtype=dtype)
        else:
            t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype).reshape(info["shape"]).clone()
        out.append((name, t))
        position = end
    assert position == len(data), "trailing bytes after the last tensor"
    return out, metadata


def number(v):
    """JSON has no inf/nan: those travel as the strings "inf", "-inf", "nan"."""
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return "nan" if v != v else ("inf" if v > 0 else "-inf")
    return v


def values_of(t):
    if t.dtype == torch.bool:
        return [int(v) for v in t.reshape(-1).tolist()]
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.to(torch.float32)
    return [number(v) for v in t.reshape(-1).tolist()]


def describe(tensors, metadata):
    return {"metadata": metadata, "tensors": [
        {"name": name, "dtype": NAMES[t.dtype], "shape": list(t.shape), "values": values_of(t),
         "sum": number(float(t.to(torch.float64).sum()))}
        for name, t in tensors]}


def model():
    """The module structure the C# engine mirrors: names 0.0.weight, 0.1.running_mean, 1.weight, ..."""
    return nn.Sequential(nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4)), nn.Linear(16, 3))


def make(outdir):
    torch.manual_seed(20240521)
    m = model()
    with torch.no_grad():
        nn.init.uniform_(m[0][1].weight, 0.5, 1.5)
        nn.init.normal_(m[0][1].bias)
        m.train()
        for _ in range(3):  # non-trivial running statistics and num_batches_tracked = 3
            m[0](torch.randn(8, 1, 6, 6))
    state = m.state_dict()
    meta = {"format": "pt", "model": "nn.Sequential(nn.Sequential(Conv2d(1,4,3), BatchNorm2d(4)), Linear(16,3))"}
    write_fixture(outdir, "torch_sequential", dict(state), meta)

    dtypes = {
        "f64": torch.tensor([[1.0 / 3.0, -2.5], [1e300, -0.0]], dtype=torch.float64),
        "f32": torch.tensor([0.1, -1.5, float("inf"), 3.4e38], dtype=torch.float32),
        "f16": torch.tensor([0.5, -2.0, 65504.0], dtype=torch.float16),
        "bf16": torch.tensor([1.0, -3.140625, 1e30], dtype=torch.bfloat16),
        "i64": torch.tensor([-(2 ** 62), 0, 2 ** 40], dtype=torch.int64),
        "i32": torch.tensor([[-7, 8]], dtype=torch.int32),
        "u8": torch.tensor([0, 255, 17], dtype=torch.uint8),
        "mask": torch.tensor([True, False, True]),
        "scalar": torch.tensor(42.0, dtype=torch.float32),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    }
    write_fixture(outdir, "dtypes", dtypes, {"format": "pt"})


def write_fixture(outdir, stem, tensors, metadata):
    path = os.path.join(outdir, stem + ".safetensors")
    save(path, tensors, metadata)
    loaded, meta = load(path)  # round trip through our own reader before committing the fixture
    for name, t in loaded:
        assert torch.equal(t, tensors[name]), name
    with open(os.path.join(outdir, stem + ".expected.json"), "w") as f:
        json.dump(describe(loaded, meta), f, indent=1)
        f.write("\n")
    print(f"wrote {path} ({len(loaded)} tensors)")


def check(path, expected_path, with_model):
    tensors, metadata = load(path)
    with open(expected_path) as f:
        expected = json.load(f)
    errors = []
    if (metadata or {}) != (expected.get("metadata") or {}):
        errors.append(f"metadata {metadata} != expected {expected.get('metadata')}")
    got = {name: t for name, t in tensors}
    if [n for n, _ in tensors] != [e["name"] for e in expected["tensors"]]:
        errors.append(f"tensor order {[n for n, _ in tensors]} != expected {[e['name'] for e in expected['tensors']]}")
    for e in expected["tensors"]:
        t = got.get(e["name"])
        if t is None:
            errors.append(f"{e['name']}: missing")
            continue
        if NAMES[t.dtype] != e["dtype"] or list(t.shape) != e["shape"]:
            errors.append(f"{e['name']}: {NAMES[t.dtype]} {list(t.shape)} != expected {e['dtype']} {e['shape']}")
        elif values_of(t) != e["values"]:
            errors.append(f"{e['name']}: values {values_of(t)[:8]} != expected {e['values'][:8]}")
    if with_model:
        m = model()
        try:
            m.load_state_dict(got, strict=True)
            for name, t in m.state_dict().items():
                if not torch.equal(t, got[name]):
                    errors.append(f"{name}: differs after load_state_dict")
        except RuntimeError as err:
            errors.append(f"load_state_dict(strict=True) failed: {err}")
    for line in errors:
        print("MISMATCH " + line)
    if errors:
        return 1
    print(f"OK {path}: {len(tensors)} tensors match" + (" and load into the torch model" if with_model else ""))
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "make":
        here = os.path.dirname(os.path.abspath(__file__))
        make(args[1] if len(args) > 1 else os.path.join(here, "..", "tests", "Engine.Tests", "Fixtures", "safetensors"))
    elif len(args) >= 3 and args[0] == "check":
        sys.exit(check(args[1], args[2], "--model" in args[3:]))
    else:
        print(__doc__ or "usage: make [OUTDIR] | check FILE EXPECTED.json [--model]")
        sys.exit(2)
