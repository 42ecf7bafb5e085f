#!/usr/bin/env python3
"""Regenerates the Zstandard test vectors with the reference CLI (zstd 1.5.x).

Inputs are generated from fixed seeds and not committed; only the compressed files and manifest.txt
(file, decompressed length, SHA-256 of the decompressed bytes) are. Run from this directory.
"""
import hashlib, os, random, struct, subprocess, tempfile

WORDS = ("the quick brown fox jumps over lazy dog presto trino query segment spool worker coordinator "
         "split stage task driver page block column row null true false select from where group order").split()


def json_rows(size, seed):
    rng = random.Random(seed)
    comments = [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 8))) for _ in range(40)]
    out, i = ["["], 0
    n = 1
    while n < size:
        row = '[%d,"ORDER-%06d","Customer#%04d",%d.%02d,"2024-%02d-%02d",%s,%s,"%s"]' % (
            i, 100000 + i // 3, rng.randrange(300), rng.randrange(2000), rng.randrange(4) * 25,
            rng.randrange(1, 13), rng.randrange(1, 29), rng.choice(("true", "false")),
            rng.choice(("null", str(rng.randrange(50)))), rng.choice(comments))
        if i:
            row = "," + row
        out.append(row)
        n += len(row)
        i += 1
    return ("".join(out)[: size - 1] + "]").encode()[:size] if size > 1 else b"["[:size]


def text(size, seed):
    rng = random.Random(seed)
    parts, n = [], 0
    while n < size:
        w = rng.choice(WORDS) + ("\n" if rng.randrange(12) == 0 else " ")
        parts.append(w)
        n += len(w)
    return "".join(parts).encode()[:size]


def rand(size, seed):
    return random.Random(seed).randbytes(size)


def repetitive(size, seed):
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        kind = rng.randrange(4)
        if kind == 0:
            out += bytes([rng.randrange(256)]) * rng.randrange(1, 5000)
        elif kind == 1:
            out += b"abc" * rng.randrange(1, 2000)
        elif kind == 2:
            out += bytes(rng.randrange(256) for _ in range(rng.randrange(2, 9))) * rng.randrange(2, 500)
        else:
            out += out[-rng.randrange(1, len(out) + 1):][: rng.randrange(1, 3000)] if out else b"x"
    return bytes(out[:size])


INPUTS = {
    "empty": b"",
    "one": b"x",
    "json-16": json_rows(16, 1),
    "json-1k": json_rows(1024, 2),
    "json-64k": json_rows(65536, 3),
    "json-512k": json_rows(512 * 1024, 4),
    "json-2m": json_rows(2 * 1024 * 1024, 12),
    "text-100k": text(100_000, 5),
    "random-1k": rand(1024, 6),
    "random-100k": rand(100_000, 7),
    "repetitive-1m": repetitive(1 << 20, 8),
}

manifest = []


def emit(name, data, compressed):
    with open(name, "wb") as f:
        f.write(compressed)
    manifest.append("%s %d %s" % (name, len(data), hashlib.sha256(data).hexdigest()))


def zstd(data, *args):
    return subprocess.run(["zstd", "-q", "-c", *args], input=data, stdout=subprocess.PIPE, check=True).stdout


WORK = tempfile.mkdtemp(prefix="zstd-vectors-")
INPUT = os.path.join(WORK, "input")
DICTIONARY = os.path.join(WORK, "dictionary")


def compress_file(data, *args):
    # Through a file so the frame header carries the content size (stdin frames do not).
    with open(INPUT, "wb") as f:
        f.write(data)
    return subprocess.run(["zstd", "-q", "-c", *args, INPUT], stdout=subprocess.PIPE, check=True).stdout


for name, data in INPUTS.items():
    levels = ["-1", "-3", "-9", "-19", "--ultra -22"]
    if name in ("random-100k", "json-2m"):
        levels = ["-3", "-19"]
    for level in levels:
        tag = level.split()[-1].lstrip("-")
        emit("%s.l%s.zst" % (name, tag), data, compress_file(data, *level.split()))

json64k, text100k, rep = INPUTS["json-64k"], INPUTS["text-100k"], INPUTS["repetitive-1m"]
emit("json-64k.l3.nocheck.zst", json64k, compress_file(json64k, "-3", "--no-check"))
emit("text-100k.l9.nocheck.zst", text100k, compress_file(text100k, "-9", "--no-check"))
emit("json-64k.l3.stream.zst", json64k, zstd(json64k, "-3"))
emit("text-100k.l1.nosize.zst", text100k, compress_file(text100k, "-1", "--no-content-size"))
emit("repetitive-1m.l19.long.zst", rep, compress_file(rep, "-19", "--long=27"))
twice = rand(40_000, 9) * 2 + text(20_000, 10)
emit("random-twice.l1.long.zst", twice, compress_file(twice, "-1", "--long=24"))
emit("json-64k.l3.long.zst", json64k, compress_file(json64k, "-3", "--long=27"))

a, b, c = INPUTS["json-1k"], INPUTS["text-100k"][:5000], INPUTS["one"]
frames = compress_file(a, "-3") + compress_file(b, "-19") + compress_file(c, "-1")
emit("concatenated.zst", a + b + c, frames)
skippable = struct.pack("<II", 0x184D2A53, 7) + b"skipped"
emit("skippable.zst", a + b, skippable + compress_file(a, "-3") + struct.pack("<II", 0x184D2A5F, 0) + compress_file(b, "-9"))
emit("empty-frames.zst", b"", compress_file(b"", "-3") + compress_file(b"", "-19", "--no-check"))

# The benchmark payload: about 4 MB of JSON rows at level 3.
emit("json-4m.l3.zst", json_rows(4 * 1024 * 1024, 11), compress_file(json_rows(4 * 1024 * 1024, 11), "-3"))

with open("manifest.txt", "w") as f:
    f.write("\n".join(manifest) + "\n")

# A frame that needs a trained dictionary (the decoder must reject it); not in the manifest.
samples = []
for i in range(300):
    path = os.path.join(WORK, "sample-%d.json" % i)
    with open(path, "wb") as f:
        f.write(json_rows(600 + i, 100 + i))
    samples.append(path)
subprocess.run(["zstd", "-q", "--train", *samples, "--maxdict=4096", "-o", DICTIONARY], check=True)
with open("dictionary.zst", "wb") as f:
    f.write(compress_file(INPUTS["json-1k"], "-3", "-D", DICTIONARY))
