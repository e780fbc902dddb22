package io.github.cellinr.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * On-disk form of one frame's {@link NearFarIndex}, built so the trainer draws from both pools without
 * index arrays in the heap and with a small, fixed size per frame (1/16 of a float16 frame):
 * <ol>
 *   <li>a bitmap of the grid, one bit per voxel (1 = near), uint64 words; padding bits past the last voxel
 *       are 0 and never counted;</li>
 *   <li>for each run of {@value #WORDS_PER_BLOCK} words (512 voxels), the number of near voxels before it,
 *       int32 (padded to 8 bytes).</li>
 * </ol>
 * The k-th near (far) voxel is a select on the bitmap's ones (zeros): a binary search over the block counts
 * (the far count before block b is 512 b minus the near count), a popcount walk over at most 8 words, a
 * select inside one word. An explicit list of near voxels would be up to a third of the grid in int32,
 * larger than the float16 SDF itself for cells that fill their grid.
 */
final class NearFarBlock {
    static final int WORDS_PER_BLOCK = 8;
    static final int VOXELS_PER_BLOCK = 64 * WORDS_PER_BLOCK;

    private NearFarBlock() {
    }

    static int words(int voxels) {
        return (voxels + 63) >>> 6;
    }

    static int blocks(int voxels) {
        return (words(voxels) + WORDS_PER_BLOCK - 1) / WORDS_PER_BLOCK;
    }

    static long align8(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** Size of a frame's block in bytes (the same for every frame of a grid). */
    static long bytes(int voxels) {
        return 8L * words(voxels) + align8(4L * blocks(voxels));
    }

    /**
     * Encodes the near/far split of a frame; near means {@code value <= thresholdUm} (inside voxels are
     * negative, so always near). Returns the block ready to write and the near count in {@code nearOut[0]}.
     */
    static ByteBuffer encode(float[] values, double thresholdUm, int[] nearOut) {
        int voxels = values.length;
        int words = words(voxels);
        long[] bitmap = new long[words];
        int near = 0;
        for (int v = 0; v < voxels; v++) {
            if (values[v] <= thresholdUm) {
                bitmap[v >>> 6] |= 1L << (v & 63);
                near++;
            }
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes(voxels)).order(ByteOrder.LITTLE_ENDIAN);
        for (long word : bitmap) {
            out.putLong(word);
        }
        int before = 0;
        for (int b = 0; b < blocks(voxels); b++) {
            out.putInt(before);
            for (int w = b * WORDS_PER_BLOCK; w < Math.min(words, (b + 1) * WORDS_PER_BLOCK); w++) {
                before += Long.bitCount(bitmap[w]);
            }
        }
        out.position(0);
        nearOut[0] = near;
        return out;
    }

    /** Position of the k-th set bit (0-based) of {@code x}; x must have more than k set bits. */
    static int selectOne(long x, int k) {
        int base = 0;
        while (true) {
            int c = Long.bitCount(x & 0xFF);
            if (k < c) {
                break;
            }
            k -= c;
            x >>>= 8;
            base += 8;
        }
        for (int i = 0; i < k; i++) {
            x &= x - 1;
        }
        return base + Long.numberOfTrailingZeros(x);
    }
}
