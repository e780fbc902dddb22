/**
 * Readers (and, later, writers) of the file formats of the paper's released PyTorch code, so that its trained
 * models and data move into CellINR: the zip checkpoint ({@code model.pth}) through a safe pickle interpreter,
 * its {@code specs.json}, MATLAB v5 {@code .mat} latent codes and angles, and {@code sdf_vid} HDF5 training
 * sequences.
 *
 * <p>It lives under {@code io} because it is I/O of foreign formats: every reader validates its input and
 * names the file in its one-line errors. The model package does not know PyTorch exists; the import maps the
 * checked weights onto the {@code siren-paper} layout through the model's public construction API.
 *
 * <p>Entry points: {@link io.github.cellinr.io.torch.TorchImporter} (checkpoint + specs [+ codes] -> model, with
 * the volume calibration of {@link io.github.cellinr.io.torch.VolumeCalibration}), {@link
 * io.github.cellinr.io.torch.SdfVideoImport} (training sequences -> dataset), {@link
 * io.github.cellinr.io.torch.ReleasedExport} (model -> the released code's files); underneath, {@link
 * io.github.cellinr.io.torch.TorchCheckpoint} and {@link io.github.cellinr.io.torch.TorchCheckpointWriter},
 * {@link io.github.cellinr.io.torch.NetworkSpecs}, {@link io.github.cellinr.io.torch.ReleasedDecoder},
 * {@link io.github.cellinr.io.torch.MatFile} and {@link io.github.cellinr.io.torch.MatFileWriter},
 * {@link io.github.cellinr.io.torch.ReleasedCodes} and {@link io.github.cellinr.io.torch.SdfVideo}.
 */
package io.github.cellinr.io.torch;
