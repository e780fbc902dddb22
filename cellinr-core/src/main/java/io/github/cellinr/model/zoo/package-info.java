/**
 * Models that ship with CellINR, ready to use by name ({@code --model paper-plat}), and the lookup every verb
 * with a {@code --model} option uses: {@link io.github.cellinr.model.zoo.ModelRegistry}.
 */
package io.github.cellinr.model.zoo;
