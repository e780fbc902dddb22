package io.github.cellinr.phantom;

/** Test access to a sequence's cell model. */
final class PhantomGeneratorAccess {
    private PhantomGeneratorAccess() {
    }

    static CellModel cell(PhantomSequence s) {
        return s.cell();
    }
}
