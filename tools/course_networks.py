# The course notebook's Encoder and Decoder classes, written exactly as the notebook builds them (module tree, sizes,
# state-dict names), plus the AE / VAE wrappers whose state dicts are the engine's checkpoints ("encoder." and
# "decoder." prefixes over the course names). Imported by make_torch_fixtures.py, engine_to_torch.py and
# bench/quality_torch.py, so every PyTorch reference runs the course's own networks.
import torch
from torch import nn


class Encoder(nn.Module):
    """28x28 images -> latent_dim values: four Conv(k3, s2, p1) blocks (28 -> 14 -> 7 -> 4 -> 2), a 1x1 conv to 512,
    Flatten, Linear(2048, latent_dim). State dict: encoder.0.0.weight ... encoder.6.bias."""

    def __init__(self, latent_dim):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Sequential(nn.Conv2d(1, 32, kernel_size=3, stride=2, padding=1), nn.BatchNorm2d(32), nn.LeakyReLU()),
            nn.Sequential(nn.Conv2d(32, 64, kernel_size=3, stride=2, padding=1), nn.BatchNorm2d(64), nn.LeakyReLU()),
            nn.Sequential(nn.Conv2d(64, 128, kernel_size=3, stride=2, padding=1), nn.BatchNorm2d(128), nn.LeakyReLU()),
            nn.Sequential(nn.Conv2d(128, 256, kernel_size=3, stride=2, padding=1), nn.BatchNorm2d(256), nn.LeakyReLU()),
            nn.Sequential(nn.Conv2d(256, 512, kernel_size=1), nn.BatchNorm2d(512), nn.LeakyReLU()),
            nn.Flatten(),
            nn.Linear(2048, latent_dim))

    def forward(self, x):
        return self.encoder(x)


class Decoder(nn.Module):
    """latent_dim values -> 28x28 images in (0, 1): Linear(latent_dim, 512) viewed as 512x1x1, four ConvTranspose
    blocks (1 -> 2 -> 4 -> 8 -> 16), a fifth (16 -> 32) followed by Conv2d(32, 1, k7, p1) (32 -> 28) and Sigmoid.
    State dict: linear.weight, linear.bias, decoder.0.0.weight ... decoder.4.3.bias."""

    def __init__(self, latent_dim):
        super().__init__()
        self.linear = nn.Linear(latent_dim, 512)
        self.decoder = nn.Sequential(
            nn.Sequential(nn.ConvTranspose2d(512, 256, kernel_size=3, stride=2, padding=1, output_padding=1),
                          nn.BatchNorm2d(256), nn.LeakyReLU()),
            nn.Sequential(nn.ConvTranspose2d(256, 128, kernel_size=3, stride=2, padding=1, output_padding=1),
                          nn.BatchNorm2d(128), nn.LeakyReLU()),
            nn.Sequential(nn.ConvTranspose2d(128, 64, kernel_size=3, stride=2, padding=1, output_padding=1),
                          nn.BatchNorm2d(64), nn.LeakyReLU()),
            nn.Sequential(nn.ConvTranspose2d(64, 32, kernel_size=3, stride=2, padding=1, output_padding=1),
                          nn.BatchNorm2d(32), nn.LeakyReLU()),
            nn.Sequential(nn.ConvTranspose2d(32, 32, kernel_size=3, stride=2, padding=1, output_padding=1),
                          nn.BatchNorm2d(32), nn.LeakyReLU(),
                          nn.Conv2d(32, 1, kernel_size=7, padding=1),
                          nn.Sigmoid()))

    def forward(self, z):
        x = self.linear(z).view(-1, 512, 1, 1)
        return self.decoder(x)


class AE(nn.Module):
    """The engine's `ae`, `dae`, `sparse-l1` and `sparse-kl` models: children encoder (Encoder(Z)), decoder (Decoder(Z))."""

    def __init__(self, latent):
        super().__init__()
        self.latent = latent
        self.encoder = Encoder(latent)
        self.decoder = Decoder(latent)

    def forward(self, x):
        return self.decoder(self.encoder(x))


class VAE(nn.Module):
    """The engine's `vae`: the Encoder with 2Z outputs (mu = h[:, :Z], log-variance = h[:, Z:]), z = mu + eps
    exp(log_var / 2) (eps given, or drawn by torch in training mode; z = mu in eval mode), the Decoder(Z)."""

    def __init__(self, latent):
        super().__init__()
        self.latent = latent
        self.encoder = Encoder(2 * latent)
        self.decoder = Decoder(latent)

    def forward(self, x, eps=None):
        h = self.encoder(x)
        mu, log_var = h[:, :self.latent], h[:, self.latent:]
        if eps is None:
            eps = torch.randn_like(mu) if self.training else torch.zeros_like(mu)
        z = mu + eps * torch.exp(0.5 * log_var)
        return self.decoder(z), mu, log_var




class Discriminator(nn.Module):
    """The adversarial autoencoders' discriminator (the course's): layers = Sequential(Linear(I, 512), BatchNorm1d(512),
    LeakyReLU(0.2), Linear(512, 256), BatchNorm1d(256), LeakyReLU(0.2), Linear(256, 1), Sigmoid)."""

    def __init__(self, inputs):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(inputs, 512), nn.BatchNorm1d(512), nn.LeakyReLU(0.2),
            nn.Linear(512, 256), nn.BatchNorm1d(256), nn.LeakyReLU(0.2),
            nn.Linear(256, 1), nn.Sigmoid())

    def forward(self, z):
        return self.layers(z)


class AAE(nn.Module):
    """The engine's `aae`: children encoder (Encoder(Z)), decoder (Decoder(Z)), discriminator (Discriminator(Z))."""

    def __init__(self, latent):
        super().__init__()
        self.latent = latent
        self.encoder = Encoder(latent)
        self.decoder = Decoder(latent)
        self.discriminator = Discriminator(latent)

    def forward(self, x):
        return self.decoder(self.encoder(x))


class LabelPredictor(nn.Module):
    """The disentangled AAE's adversary: the discriminator's MLP with K logits and no Sigmoid (state dict layers.0 ... layers.6)."""

    def __init__(self, inputs, classes):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(inputs, 512), nn.BatchNorm1d(512), nn.LeakyReLU(0.2),
            nn.Linear(512, 256), nn.BatchNorm1d(256), nn.LeakyReLU(0.2),
            nn.Linear(256, classes))

    def forward(self, z):
        return self.layers(z)


class Classifier(nn.Module):
    """The engine's `classifier` (src/Models/Families/Classifier/Classifier.cs): head(LeakyReLU(Encoder(F)(x), 0.01)), F = 128."""

    def __init__(self, classes=10, features=128):
        super().__init__()
        self.encoder = Encoder(features)
        self.head = nn.Linear(features, classes)

    def forward(self, x):
        return self.head(nn.functional.leaky_relu(self.encoder(x), 0.01))


class DisentangledAAE(nn.Module):
    """The engine's `aae-disentangled`: encoder (Encoder(Z): z), label-encoder (Encoder(K): the label logits), decoder
    (Decoder(Z + K), reads z and the one-hot label), discriminator (Discriminator(Z)), predictor (LabelPredictor(Z, K))."""

    def __init__(self, latent, classes=10):
        super().__init__()
        self.latent, self.classes = latent, classes
        self.encoder = Encoder(latent)
        self.add_module("label-encoder", Encoder(classes))          # the engine's child name (a hyphen: no attribute)
        self.decoder = Decoder(latent + classes)
        self.discriminator = Discriminator(latent)
        self.predictor = LabelPredictor(latent, classes)

    @property
    def label_encoder(self):
        return self.get_submodule("label-encoder")

    def encode(self, x):
        return self.encoder(x), self.label_encoder(x)


class SemiSupervisedAAE(nn.Module):
    """The engine's `aae-semi`: encoder (Encoder(Z + K): z, then the class logits), decoder (Decoder(Z + K), reads z and
    softmax(logits)), categorical (Discriminator(K)), gaussian (Discriminator(Z)), baseline (Classifier(K))."""

    def __init__(self, latent, classes=10):
        super().__init__()
        self.latent, self.classes = latent, classes
        self.encoder = Encoder(latent + classes)
        self.decoder = Decoder(latent + classes)
        self.categorical = Discriminator(classes)
        self.gaussian = Discriminator(latent)
        self.baseline = Classifier(classes)

    def encode(self, x):
        h = self.encoder(x)
        return h[:, :self.latent], h[:, self.latent:]


MODELS = {"ae": AE, "dae": AE, "sparse-l1": AE, "sparse-kl": AE, "vae": VAE, "vae-kl-only": VAE, "aae": AAE}
