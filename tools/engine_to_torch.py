#!/usr/bin/python3
# An engine checkpoint into the course's PyTorch classes: reads a run's checkpoint/model.safetensors, builds the notebook's
# Encoder / Decoder (tools/course_networks.py) with the run's model and latent size, and loads it with
# load_state_dict(strict=True). Optionally writes the course's two state dicts, and evaluates a batch (used by the tests).
#
#   /usr/bin/python3 tools/engine_to_torch.py runs/ae-z24-.../checkpoint/model.safetensors
#       [--encoder-out encoder.safetensors --decoder-out decoder.safetensors]   the course's encoder/decoder state dicts
#       [--eval INPUT.safetensors OUTPUT.safetensors]   eval mode: tensor "x" (N, 1, 28, 28) -> "latent", "reconstruction"
#
# Needs only torch (Debian's python3-torch); the safetensors package is not required.
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import course_networks as course   # noqa: E402
from make_safetensors_fixtures import load, save   # noqa: E402


def load_engine_checkpoint(path):
    """Returns (model, kind, latent): the course AE or VAE holding the checkpoint's weights (strict load)."""
    tensors, metadata = load(path)
    metadata = metadata or {}
    config = json.loads(metadata["config"]) if "config" in metadata else {}
    kind = metadata.get("model", config.get("model"))
    if kind not in course.MODELS:
        sys.exit(f"{path}: metadata names model {kind!r}; expected one of {', '.join(course.MODELS)}")
    latent = config.get("latent") or tensors_latent(dict(tensors))
    model = course.MODELS[kind](latent)
    model.load_state_dict(dict(tensors), strict=True)   # every name and shape must match the course's classes
    return model.eval(), kind, latent


def tensors_latent(tensors):
    return tensors["decoder.linear.weight"].shape[1]


def main():
    parser = argparse.ArgumentParser(description="Loads an engine checkpoint into the course's PyTorch Encoder and Decoder.")
    parser.add_argument("checkpoint")
    parser.add_argument("--encoder-out")
    parser.add_argument("--decoder-out")
    parser.add_argument("--eval", nargs=2, metavar=("INPUT", "OUTPUT"))
    args = parser.parse_args()
    model, kind, latent = load_engine_checkpoint(args.checkpoint)
    print(f"{args.checkpoint}: loaded into the course's {type(model).__name__} (model {kind}, latent {latent}) with strict=True")
    if args.encoder_out:
        save(args.encoder_out, {k: v.contiguous() for k, v in model.encoder.state_dict().items()}, None)
    if args.decoder_out:
        save(args.decoder_out, {k: v.contiguous() for k, v in model.decoder.state_dict().items()}, None)
    if args.eval:
        x = dict(load(args.eval[0])[0])["x"].to(torch.float32)
        with torch.no_grad():
            h = model.encoder(x)
            latent_code = h[:, :latent] if isinstance(model, course.VAE) else h   # the VAE's code is mu
            reconstruction = model.decoder(latent_code)
        save(args.eval[1], {"latent": latent_code.contiguous(), "reconstruction": reconstruction.contiguous()}, None)


if __name__ == "__main__":
    main()
