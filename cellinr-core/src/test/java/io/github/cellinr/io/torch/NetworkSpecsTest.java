package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkSpecsTest {
    @TempDir
    Path temp;

    @Test
    void paperSpecsGiveTheReleasedLayout() {
        NetworkSpecs specs = NetworkSpecs.read(PaperFixtures.specs());
        assertEquals(64, specs.codeLength());
        assertEquals(Set.of(4, 7), specs.latentIn());
        List<NetworkSpecs.Layer> layers = specs.layers();
        assertEquals(11, layers.size());
        for (NetworkSpecs.Layer layer : layers) {
            int l = layer.index();
            int expectedIn = l == 0 ? 68 : l == 4 || l == 7 ? 192 : 128;
            assertEquals(expectedIn, layer.inputs(), "inputs of layer " + l);
            assertEquals(l == 10 ? 1 : 124, layer.outputs(), "outputs of layer " + l);
            NetworkSpecs.Concat concat = l == 0 ? NetworkSpecs.Concat.INPUT : l == 4 || l == 7
                    ? NetworkSpecs.Concat.LATENT_AND_COORDINATES : NetworkSpecs.Concat.COORDINATES;
            assertEquals(concat, layer.concat(), "concat of layer " + l);
        }
        assertEquals(168_521, specs.parameterCount());
        assertTrue(specs.optimizeRotation());
        assertEquals(30, specs.framesPerSequence());
    }

    @Test
    void layoutFollowsTheDimsForOtherSizes() throws IOException {
        NetworkSpecs specs = NetworkSpecs.read(write("\"dims\": [32, 40, 32], \"latent_in\": [2]", 8));
        // dims = [12, 32, 40, 32, 1]: lin0 12->28, lin1 28+4->40-12=28, lin2 28+12->28, lin3 28+4->1
        assertEquals(List.of(new NetworkSpecs.Layer(0, 12, 28, NetworkSpecs.Concat.INPUT),
                new NetworkSpecs.Layer(1, 32, 28, NetworkSpecs.Concat.COORDINATES),
                new NetworkSpecs.Layer(2, 40, 28, NetworkSpecs.Concat.LATENT_AND_COORDINATES),
                new NetworkSpecs.Layer(3, 32, 1, NetworkSpecs.Concat.COORDINATES)), specs.layers());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"dims\": [128], \"latent_in\": [], \"use_sine\": false|NetworkSpecs.use_sine is false",
        "\"dims\": [128], \"latent_in\": [], \"weight_norm\": true|weight-normalised layers are not imported",
        "\"dims\": [128], \"latent_in\": [], \"norm_layers\": [0]|layer normalisation is not imported",
        "\"dims\": [128], \"latent_in\": [], \"use_tanh\": true|a final tanh",
        "\"dims\": [128], \"latent_in\": [], \"xyz_in_all\": \"yes\"|NetworkSpecs.xyz_in_all is \"yes\", not true",
        "\"dims\": [128], \"latent_in\": [5]|latent_in names layer 5, outside 1..1",
        "\"dims\": [60, 128], \"latent_in\": [1]|layer 0 -8 outputs",
        "\"dims\": [], \"latent_in\": []|NetworkSpecs.dims is empty",
        "\"dims\": [128, -3], \"latent_in\": []|NetworkSpecs.dims holds -3, not a positive integer",
        "\"latent_in\": []|NetworkSpecs.dims is missing"})
    void unsupportedOrBrokenSpecsAreRefused(String network, String expected) throws IOException {
        Path file = write(network, 64);
        CellInrException e = assertThrows(CellInrException.class, () -> NetworkSpecs.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void brokenFilesAreRefused() throws IOException {
        Path bad = Files.writeString(temp.resolve("bad.json"), "{\"NetworkSpecs\": ");
        assertTrue(assertThrows(CellInrException.class, () -> NetworkSpecs.read(bad)).getMessage()
                .contains("not valid JSON"));
        Path noCode = Files.writeString(temp.resolve("nocode.json"), "{\"NetworkSpecs\": {}}");
        assertTrue(assertThrows(CellInrException.class, () -> NetworkSpecs.read(noCode)).getMessage()
                .contains("CodeLength is missing"));
        assertTrue(assertThrows(CellInrException.class, () -> NetworkSpecs.read(temp.resolve("absent.json")))
                .getMessage().contains("no such specs file"));
    }

    private Path write(String network, int codeLength) throws IOException {
        String flags = network.contains("use_sine") ? "" : ", \"use_sine\": true";
        flags += network.contains("xyz_in_all") ? "" : ", \"xyz_in_all\": true";
        String json = "{\"CodeLength\": " + codeLength + ", \"NetworkSpecs\": {" + network + flags + "}}";
        return Files.writeString(Files.createTempFile(temp, "specs", ".json"), json);
    }
}
