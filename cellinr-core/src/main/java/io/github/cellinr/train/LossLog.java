package io.github.cellinr.train;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The per-epoch training log ({@value Trainer#LOSS_FILE}), rewritten whole and atomically with each checkpoint. */
public final class LossLog {
    static final String HEADER = "epoch,steps,loss,sdf_loss,code_loss,lr_decoder,lr_latent,lr_angles,seconds,points_per_s";

    /**
     * One epoch: its number (from 1), optimiser steps so far, mean loss with its L1 and code terms, the learning
     * rates, cumulative training seconds and the epoch's points per second (of its steps alone, as {@code bench}
     * measures them: the rotation search and the hard-example rescoring are not counted).
     */
    public record Row(int epoch, long steps, double loss, double sdfLoss, double codeLoss, double lrDecoder,
                      double lrLatent, double lrAngles, double seconds, double pointsPerSecond) {
        String csv() {
            return String.format(Locale.ROOT, "%d,%d,%.8g,%.8g,%.8g,%.6g,%.6g,%.6g,%.3f,%.0f", epoch, steps, loss,
                    sdfLoss, codeLoss, lrDecoder, lrLatent, lrAngles, seconds, pointsPerSecond);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    Row last() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    void write(Path file) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(r.csv()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** Reads a log back, keeping the epochs up to {@code lastEpoch} (a resumed run continues from there). */
    static LossLog read(Path file, int lastEpoch) {
        LossLog log = new LossLog();
        if (!Files.exists(file)) {
            return log;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 10) {
                    throw CellInrException.of(file, "line " + (i + 1) + " is not a loss log row");
                }
                Row r = new Row(Integer.parseInt(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                        Double.parseDouble(f[9]));
                if (r.epoch() <= lastEpoch) {
                    log.add(r);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw CellInrException.of(file, "cannot read the loss log (" + e.getMessage() + ")", e);
        }
        return log;
    }
}
