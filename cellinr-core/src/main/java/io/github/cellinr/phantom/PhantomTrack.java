package io.github.cellinr.phantom;

/**
 * One label's life in a phantom sequence, as a line {@code L B E P} of a Cell Tracking Challenge
 * {@code man_track.txt}.
 *
 * @param label      the label value in the masks
 * @param firstFrame first frame (0-based) where the label is present
 * @param lastFrame  last frame where it is present (inclusive)
 * @param parent     the label it divided from, or 0
 */
public record PhantomTrack(int label, int firstFrame, int lastFrame, int parent) {
}
