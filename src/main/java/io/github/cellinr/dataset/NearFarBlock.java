package io.github.cellinr.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * On-disk form of one frame's {@link NearFarIndex}, built so the trainer can draw from both pools without
 * holding index arrays in the heap:
 * <ol>
 *   <li>the near voxel indices, ascending, int32 (padded to 8 bytes);</li>
 *   <li>a bitmap of the grid, one bit per voxel (1 = near), uint64 words, padding bits set to 1;</li>
 *   <li>for each run of {@value #WORDS_PER_BLOCK} words (512 voxels), the number of far voxels before it,
 *       int32 (padded to 8 bytes).</li>
 * </ol>
 * The k-th near voxel is a direct read; the k-th far voxel is a select on the bitmap's zeros: a binary
 * search over the block counts, a popcount walk over at most 8 words, a select inside one word. Far voxels
 * are 90 % of a grid, so a list of them would cost more than the SDF itself.
 */
final class NearFarBlock {
    static final int WORDS_PER_BLOCK = 8;

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

    /** Bytes of the near list (padded). */
    static long nearBytes(int nearCount) {
        return align8(4L * nearCount);
    }

    static long bytes(int nearCount, int voxels) {
        return nearBytes(nearCount) + 8L * words(voxels) + align8(4L * blocks(voxels));
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
        int tail = voxels & 63;
        if (tail != 0) {
            bitmap[words - 1] |= -1L << tail; // padding counts as near, so it is never drawn as far
        }
        int blocks = blocks(voxels);
        long total = bytes(near, voxels);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index block of " + total + " bytes is too large for one frame");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        for (int w = 0; w < words; w++) {
            long word = bitmap[w];
            while (word != 0) {
                int bit = Long.numberOfTrailingZeros(word);
                int v = (w << 6) | bit;
                if (v < voxels) {
                    out.putInt(v);
                }
                word &= word - 1;
            }
        }
        out.position((int) nearBytes(near));
        for (long word : bitmap) {
            out.putLong(word);
        }
        int far = 0;
        for (int b = 0; b < blocks; b++) {
            out.putInt(far);
            for (int w = b * WORDS_PER_BLOCK; w < Math.min(words, (b + 1) * WORDS_PER_BLOCK); w++) {
                far += 64 - Long.bitCount(bitmap[w]);
            }
        }
        out.position(0);
        nearOut[0] = near;
        return out;
    }

    /** Position of the k-th zero bit (0-based) of {@code word}; the word must have more than k zeros. */
    static int selectZero(long word, int k) {
        long x = ~word;
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
