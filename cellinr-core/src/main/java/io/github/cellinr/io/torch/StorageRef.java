package io.github.cellinr.io.torch;

/**
 * A persistent storage reference of a PyTorch zip checkpoint: the raw little-endian bytes of the storage live
 * in the archive entry {@code <prefix>/data/<key>}.
 *
 * @param dtype    element type named by the storage class (only {@code float32} is accepted)
 * @param key      the storage's file name under {@code data/}
 * @param location device the tensor was saved from (e.g. {@code cuda:0}); informational only
 * @param numel    number of elements of the storage
 */
record StorageRef(String dtype, String key, String location, long numel) {
}
