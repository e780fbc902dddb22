/**
 * Readers and writers of the file formats of the paper's released PyTorch code: the zip checkpoint
 * ({@code model.pth}) through a safe pickle interpreter, its {@code specs.json}, MATLAB v5 {@code .mat} latent
 * codes and angles, and {@code sdf_vid} HDF5 training sequences.
 *
 * <p>It lives under {@code io} because it is I/O of foreign formats and nothing else: every reader validates its
 * input and names the file in its one-line errors, and nothing here knows the model, the engine or the dataset.
 * Turning these files into a CellINR model or dataset (and back) is a stage of its own, {@code interop}.
 *
 * <p>The parsers: {@link io.github.cellinr.io.torch.TorchCheckpoint} and
 * {@link io.github.cellinr.io.torch.TorchCheckpointWriter}, {@link io.github.cellinr.io.torch.NetworkSpecs},
 * {@link io.github.cellinr.io.torch.ReleasedDecoder}, {@link io.github.cellinr.io.torch.MatFile} and
 * {@link io.github.cellinr.io.torch.MatFileWriter}, {@link io.github.cellinr.io.torch.ReleasedCodes} and
 * {@link io.github.cellinr.io.torch.SdfVideo}.
 */
package io.github.cellinr.io.torch;
