package io.github.cellinr.fiji;

import ij.IJ;
import java.awt.Dialog;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * On a display (Xvfb in {@code DialogUnderXvfbIT}): starts a CellINR command as ImageJ does, waits for its
 * dialog, prints "dialog TITLE WxH fields N" and saves a screenshot of it to the given PNG, then cancels.
 *
 * <p>Usage: {@code DialogScreenshot CLASS OUT.png}.
 */
public final class DialogScreenshot {
    private DialogScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> IJ.runPlugIn(args[0], ""), "Run$_dialog");
        t.setDaemon(true);
        t.start();
        Dialog dialog = null;
        for (int i = 0; i < 200 && dialog == null; i++) {
            Thread.sleep(100);
            for (Window w : Window.getWindows()) {
                if (w instanceof Dialog d && d.isShowing() && d.getTitle().startsWith("CellINR")) {
                    dialog = d;
                }
            }
        }
        if (dialog == null) {
            System.out.println("no dialog");
            System.exit(1);
        }
        Thread.sleep(700); // let it paint
        Rectangle r = dialog.getBounds();
        BufferedImage shot = new Robot().createScreenCapture(r);
        ImageIO.write(shot, "png", new File(args[1]));
        int fields = countFields(dialog);
        System.out.println("dialog " + dialog.getTitle() + " " + r.width + "x" + r.height + " fields " + fields);
        dialog.dispose();
        System.exit(0);
    }

    private static int countFields(java.awt.Container c) {
        int n = 0;
        for (java.awt.Component k : c.getComponents()) {
            if (k instanceof java.awt.TextField || k instanceof java.awt.Choice || k instanceof java.awt.Checkbox) {
                n++;
            } else if (k instanceof java.awt.Container inner) {
                n += countFields(inner);
            }
        }
        return n;
    }
}
