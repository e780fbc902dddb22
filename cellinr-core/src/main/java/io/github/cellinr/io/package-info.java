/**
 * File formats at the edges of the pipeline: every reader validates and names the file in its one-line
 * {@link io.github.cellinr.core.CellInrException}; every writer is atomic ({@link io.github.cellinr.core.AtomicFiles}).
 *
 * <ul>
 *   <li>TIFF: {@link io.github.cellinr.io.TiffReader} (classic and BigTIFF, LZW/Deflate/PackBits, strips and
 *       tiles, ImageJ calibration and hyperstacks) into a {@link io.github.cellinr.io.TiffImage};
 *       {@link io.github.cellinr.io.TiffWriter} (Fiji-compatible stacks with voxel size).</li>
 *   <li>Cell Tracking Challenge folders: {@link io.github.cellinr.io.CtcLayout#discover},
 *       {@link io.github.cellinr.io.CtcSequence}, the {@code L B E P} lineage
 *       ({@link io.github.cellinr.io.Lineage}, {@link io.github.cellinr.io.Track}) and
 *       {@link io.github.cellinr.io.CtcWriter}.</li>
 *   <li>HDF5: {@link io.github.cellinr.io.Hdf5Volumes} (jHDF).</li>
 *   <li>Meshes: {@link io.github.cellinr.io.MeshWriter}, {@link io.github.cellinr.io.MeshReader} (PLY, STL, OBJ).</li>
 *   <li>OME-Zarr (NGFF 0.4): {@link io.github.cellinr.io.OmeZarrWriter} streams (t, z, y, x) float series;
 *       {@link io.github.cellinr.io.OmeZarrReader} reads them back.</li>
 * </ul>
 *
 * <p>No stage logic lives here: these classes move arrays and metadata between files and the core value types.
 */
package io.github.cellinr.io;
