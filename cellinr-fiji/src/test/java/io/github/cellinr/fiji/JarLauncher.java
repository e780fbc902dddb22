package io.github.cellinr.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;

/**
 * Runs one CellINR command the way ImageJ does ({@code IJ.runPlugIn} on a "Run$_" thread with macro options), in
 * a JVM whose class path is only ImageJ and the plugin jar: what a Fiji user gets. Prints one line per opened
 * image ("image TITLE WxHxCxZxT UNIT") or the plugin's error ("error: ..."), for {@code FijiJarIT}.
 *
 * <p>Usage: {@code JarLauncher CLASS OPTIONS}.
 */
public final class JarLauncher {
    private JarLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Object[] plugin = new Object[1];
        Thread t = new Thread(() -> {
            Macro.setOptions(Thread.currentThread(), args[1]);
            plugin[0] = IJ.runPlugIn(args[0], "");
        }, "Run$_fiji-jar-test");
        t.start();
        t.join();
        CellInrPlugin p = (CellInrPlugin) plugin[0];
        if (p.error() != null) {
            System.out.println("error: " + p.error());
        }
        for (ImagePlus imp : p.results()) {
            int[] d = imp.getDimensions();
            System.out.println("image " + imp.getTitle() + " " + d[0] + "x" + d[1] + "x" + d[2] + "x" + d[3] + "x" + d[4]
                    + " " + imp.getCalibration().getUnit());
        }
        System.exit(0);
    }
}
