package io.github.cellinr.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The {@code dataset.json} of a prepared dataset folder: what {@link DatasetInfo} holds plus where every
 * frame lives on disk and where it came from. Written last, so a folder with a complete dataset.json is a
 * complete dataset.
 *
 * <p>Files per sequence: {@code sdfFile} holds the frames back to back, each N^3 values little-endian
 * (x fastest, {@code (z N + y) N + x}) in {@code precision}; {@code indexFile} holds each frame's near/far
 * index at {@link FrameEntry#indexOffset()} (a near bitmap of uint64 words, then the near count before each
 * 512 voxels as int32).
 *
 * @param format             always {@value #FORMAT}
 * @param formatVersion      {@value #VERSION}
 * @param gridSize           N
 * @param micrometresPerUnit micrometres of one normalised unit (the grid spans [-1,1])
 * @param voxelSizeUm        grid spacing, 2 micrometresPerUnit / (N - 1)
 * @param nearThresholdUm    the near/far split
 * @param precision          {@code f16} or {@code f32}
 * @param seed               root seed of the data (phantoms), or 0
 * @param source             what was prepared
 * @param sequences          the sequences
 * @param notes              human-readable notes of the preparation (skips, single-frame sequences)
 * @param preparation        the resolved preparation options
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetManifest(String format, int formatVersion, int gridSize, double micrometresPerUnit,
                              double voxelSizeUm, double nearThresholdUm, String precision, long seed, String source,
                              List<SequenceEntry> sequences, List<String> notes, Map<String, Object> preparation) {

    public static final String FORMAT = "cellinr-sdf-dataset";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "dataset.json";

    /**
     * One sequence.
     *
     * @param id            stable identifier, e.g. {@code 01_0003}
     * @param source        where it came from
     * @param times         normalised time per frame in [-1, 1]
     * @param divisionFrame first frame holding two daughters, or -1
     * @param sdfFile       file of the SDF frames, relative to the dataset folder
     * @param indexFile     file of the near/far indices, relative to the dataset folder
     * @param frames        per frame: where its index is and what it holds
     */
    public record SequenceEntry(String id, String source, double[] times, int divisionFrame, String sdfFile,
                                String indexFile, List<FrameEntry> frames) {
    }

    /**
     * One frame.
     *
     * @param indexOffset  byte offset of its near/far block in the sequence's index file
     * @param nearCount    voxels with SDF at or below the near threshold (the interior included)
     * @param farCount     the other voxels
     * @param insideCount  voxels with SDF <= 0 (the cell on the grid)
     * @param volumeUm3    insideCount times the grid voxel volume
     * @param minSdfUm     smallest stored value
     * @param maxSdfUm     largest stored value
     * @param origin       where the frame came from (null for data not made by {@code prepare})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FrameEntry(long indexOffset, int nearCount, int farCount, int insideCount, double volumeUm3,
                             float minSdfUm, float maxSdfUm, FrameOrigin origin) {
    }

    /**
     * The source of a prepared frame.
     *
     * @param file            the mask file
     * @param sourceFrame     its frame number in the input series
     * @param sourceVoxels    voxels of the cell (both daughters after a division) in the input
     * @param sourceVolumeUm3 sourceVoxels times the input voxel volume
     * @param cells           pose of each cell (one, or two daughters)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FrameOrigin(String file, int sourceFrame, long sourceVoxels, double sourceVolumeUm3,
                              List<CellPose> cells) {
    }

    /**
     * Where a cell of a prepared frame sits in its input: input point {@code p} (micrometres, x y z, voxel
     * (0,0,0)'s centre at the origin) maps to the frame's aligned point {@code q = R^T (p - centroid) + offset}
     * (micrometres; normalised = q / micrometresPerUnit).
     *
     * @param label      the label in the input masks
     * @param voxels     its voxel count in the input
     * @param centroidUm its centroid in the input (x, y, z)
     * @param rotation   R, row-major: columns are the cell's aligned axes in input coordinates
     * @param offsetUm   where its centroid sits in the aligned frame (0 for a single cell; after a division,
     *                   each daughter's place relative to the pair's centroid)
     */
    public record CellPose(int label, long voxels, double[] centroidUm, double[] rotation, double[] offsetUm) {
    }
}
