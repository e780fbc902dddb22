package io.github.cellinr.eval.view;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/** Labels of montage rows and panels: text broken into lines at spaces to fit a width, centred vertically. */
public final class WrappedText {
    private WrappedText() {
    }

    /** Draws {@code text} from {@code x}, its lines at most {@code width} pixels wide, centred on {@code centreY}. */
    public static void draw(Graphics2D g, String text, int x, int centreY, int width) {
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        int y = centreY - (lines.size() * fm.getHeight()) / 2 + fm.getAscent();
        for (String l : lines) {
            g.drawString(l, x, y);
            y += fm.getHeight();
        }
    }
}
