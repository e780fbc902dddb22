/**
 * The stage that moves trained models and training data between the paper's released PyTorch code and
 * CellINR, on top of the format parsers of {@code io.torch}: {@link io.github.cellinr.interop.TorchImporter}
 * (checkpoint + specs [+ codes] -> model, with the volume calibration of
 * {@link io.github.cellinr.interop.VolumeCalibration}), {@link io.github.cellinr.interop.SdfVideoImport}
 * (training sequences -> dataset) and {@link io.github.cellinr.interop.ReleasedExport} (model -> the released
 * code's files).
 *
 * <p>The model package does not know PyTorch exists; the import maps the checked weights onto the
 * {@code siren-paper} layout through the model's public construction API.
 */
package io.github.cellinr.interop;
