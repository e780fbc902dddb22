package io.github.cellinr.io.torch;

import java.util.Arrays;

/**
 * What {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)} describes: a strided view
 * of a storage. The bytes are read later, once the whole pickle has been checked.
 */
final class TensorRef {
    private final StorageRef storage;
    private final long offset;
    private final int[] shape;
    private final long[] stride;

    TensorRef(StorageRef storage, long offset, int[] shape, long[] stride) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.stride = stride.clone();
    }

    StorageRef storage() {
        return storage;
    }

    long offset() {
        return offset;
    }

    int[] shape() {
        return shape.clone();
    }

    long[] stride() {
        return stride.clone();
    }

    long numel() {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** One past the largest storage index the view touches (offset for an empty tensor). */
    long extent() {
        if (numel() == 0) {
            return offset;
        }
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
            last += (shape[d] - 1L) * stride[d];
        }
        return last + 1;
    }

    /** True when the view is the storage's elements in row-major order (size-1 axes may have any stride). */
    boolean isContiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    @Override
    public String toString() {
        return "tensor(storage " + storage.key() + ", offset " + offset + ", shape " + Arrays.toString(shape)
                + ", stride " + Arrays.toString(stride) + ")";
    }
}
