package io.github.cellinr.io.torch;

/**
 * A Python global ({@code module.name}) that a checkpoint's pickle names and the allow-list accepted. It is a
 * name only: nothing is looked up, loaded or called; the interpreter maps each allowed name onto plain Java
 * data itself.
 */
record PickleGlobal(String module, String name) {

    String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
