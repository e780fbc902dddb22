package io.github.cellinr.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Builds small TIFF and BigTIFF files by hand, byte by byte, for reader tests: any byte order, any tags,
 * strip data given as the exact bytes to store. Deliberately independent of {@link TiffWriter}.
 */
final class TiffBuilder {
    private final ByteOrder order;
    private final boolean big;
    private final List<TreeMap<Integer, Field>> pages = new ArrayList<>();
    private final List<List<byte[]>> pageStrips = new ArrayList<>();

    private record Field(int type, long[] values, byte[] bytes) {
    }

    TiffBuilder(ByteOrder order, boolean big) {
        this.order = order;
        this.big = big;
    }

    static TiffBuilder classic(ByteOrder order) {
        return new TiffBuilder(order, false);
    }

    static TiffBuilder bigTiff(ByteOrder order) {
        return new TiffBuilder(order, true);
    }

    /** Starts a page whose strips (or tiles) are {@code blocks}; offsets and byte counts are filled in. */
    TiffBuilder page(int width, int height, int bits, int sampleFormat, int compression, List<byte[]> blocks) {
        TreeMap<Integer, Field> tags = new TreeMap<>();
        pages.add(tags);
        pageStrips.add(blocks);
        shorts(256, width);
        shorts(257, height);
        shorts(258, bits);
        shorts(259, compression);
        shorts(262, 1);
        shorts(277, 1);
        shorts(339, sampleFormat);
        return this;
    }

    TiffBuilder shorts(int tag, long... values) {
        current().put(tag, new Field(3, values, null));
        return this;
    }

    TiffBuilder longs(int tag, long... values) {
        current().put(tag, new Field(4, values, null));
        return this;
    }

    TiffBuilder rational(int tag, long numerator, long denominator) {
        current().put(tag, new Field(5, new long[] {numerator, denominator}, null));
        return this;
    }

    TiffBuilder ascii(int tag, String text) {
        current().put(tag, new Field(2, null, (text + "\0").getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    TiffBuilder remove(int tag) {
        current().remove(tag);
        return this;
    }

    /** Marks the current page as tiled: the blocks are tiles of the given size, in row-major tile order. */
    TiffBuilder tiles(int tileWidth, int tileHeight) {
        shorts(322, tileWidth);
        shorts(323, tileHeight);
        return this;
    }

    private TreeMap<Integer, Field> current() {
        return pages.get(pages.size() - 1);
    }

    byte[] build() {
        // layout: header, then per page the block data followed by the directory and its out-of-line values
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int headerSize = big ? 16 : 8;
        out.writeBytes(new byte[headerSize]);
        long firstIfd = 0;
        long previousNextPointer = -1;
        byte[] file;
        List<long[]> patches = new ArrayList<>(); // {position, value, width}
        for (int p = 0; p < pages.size(); p++) {
            TreeMap<Integer, Field> tags = pages.get(p);
            List<byte[]> blocks = pageStrips.get(p);
            long[] offsets = new long[blocks.size()];
            long[] counts = new long[blocks.size()];
            for (int b = 0; b < blocks.size(); b++) {
                offsets[b] = out.size();
                counts[b] = blocks.get(b).length;
                out.writeBytes(blocks.get(b));
                if ((out.size() & 1) != 0) {
                    out.write(0);
                }
            }
            boolean tiled = tags.containsKey(322);
            int offsetType = big ? 16 : 4;
            tags.putIfAbsent(tiled ? 324 : 273, new Field(offsetType, offsets, null));
            tags.putIfAbsent(tiled ? 325 : 279, new Field(offsetType, counts, null));
            long ifdStart = out.size();
            if (p == 0) {
                firstIfd = ifdStart;
            } else {
                patches.add(new long[] {previousNextPointer, ifdStart});
            }
            int entrySize = big ? 20 : 12;
            int countSize = big ? 8 : 2;
            int inline = big ? 8 : 4;
            long dirSize = countSize + (long) tags.size() * entrySize + (big ? 8 : 4);
            ByteBuffer dir = ByteBuffer.allocate((int) dirSize).order(order);
            ByteArrayOutputStream extra = new ByteArrayOutputStream();
            long extraStart = ifdStart + dirSize;
            if (big) {
                dir.putLong(tags.size());
            } else {
                dir.putShort((short) tags.size());
            }
            for (var e : tags.entrySet()) {
                Field f = e.getValue();
                byte[] data = encode(f);
                long count = f.bytes != null ? f.bytes.length : f.type == 5 ? f.values.length / 2 : f.values.length;
                dir.putShort((short) (int) e.getKey()).putShort((short) f.type);
                if (big) {
                    dir.putLong(count);
                } else {
                    dir.putInt((int) count);
                }
                if (data.length <= inline) {
                    byte[] padded = new byte[inline];
                    System.arraycopy(data, 0, padded, 0, data.length);
                    dir.put(padded);
                } else {
                    long at = extraStart + extra.size();
                    extra.writeBytes(data);
                    if ((extra.size() & 1) != 0) {
                        extra.write(0);
                    }
                    if (big) {
                        dir.putLong(at);
                    } else {
                        dir.putInt((int) at);
                    }
                }
            }
            previousNextPointer = ifdStart + dir.position();
            if (big) {
                dir.putLong(0);
            } else {
                dir.putInt(0);
            }
            out.writeBytes(dir.array());
            out.writeBytes(extra.toByteArray());
        }
        file = out.toByteArray();
        ByteBuffer whole = ByteBuffer.wrap(file).order(order);
        whole.put(0, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        whole.put(1, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        if (big) {
            whole.putShort(2, (short) 43).putShort(4, (short) 8).putShort(6, (short) 0).putLong(8, firstIfd);
        } else {
            whole.putShort(2, (short) 42).putInt(4, (int) firstIfd);
        }
        for (long[] patch : patches) {
            if (big) {
                whole.putLong((int) patch[0], patch[1]);
            } else {
                whole.putInt((int) patch[0], (int) patch[1]);
            }
        }
        return file;
    }

    private byte[] encode(Field f) {
        if (f.bytes != null) {
            return f.bytes;
        }
        int size = switch (f.type) {
            case 3 -> 2;
            case 4 -> 4;
            case 5 -> 4;
            case 16 -> 8;
            default -> throw new IllegalArgumentException("type " + f.type);
        };
        ByteBuffer b = ByteBuffer.allocate(f.values.length * size).order(order);
        for (long v : f.values) {
            switch (size) {
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    /** Raw little- or big-endian bytes of 16-bit samples. */
    static byte[] bytes16(short[] samples, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(order);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    static byte[] bytes32f(float[] samples, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(order);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    static byte[] bytes64f(double[] samples, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 8).order(order);
        for (double s : samples) {
            b.putDouble(s);
        }
        return b.array();
    }

    static byte[] bytes32i(int[] samples, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(order);
        for (int s : samples) {
            b.putInt(s);
        }
        return b.array();
    }
}
