package io.github.cellinr.fiji;

import ij.Macro;
import ij.gui.GenericDialog;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plugin's options as one ImageJ {@link GenericDialog}: with a screen it is shown (and, in a macro, filled
 * from the macro's options without showing, which is also what the macro recorder records); without a screen
 * (headless Fiji, tests) the same keys are read from the macro options directly, since a dialog cannot be
 * created there. Labels are single words (underscores for spaces) so that a label is its own macro key.
 */
final class Form {
    private enum Kind { STRING, DIRECTORY, NUMBER, CHOICE, CHECKBOX }

    private record Field(Kind kind, String label, Object initial, String[] choices) {
    }

    private final String title;
    private final List<Field> fields = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private String help;

    Form(String title) {
        this.title = title;
    }

    Form string(String label, String initial) {
        fields.add(new Field(Kind.STRING, label, initial, null));
        return this;
    }

    Form directory(String label, String initial) {
        fields.add(new Field(Kind.DIRECTORY, label, initial, null));
        return this;
    }

    Form number(String label, double initial) {
        fields.add(new Field(Kind.NUMBER, label, initial, null));
        return this;
    }

    Form choice(String label, String[] choices, String initial) {
        fields.add(new Field(Kind.CHOICE, label, initial, choices.clone()));
        return this;
    }

    Form checkbox(String label, boolean initial) {
        fields.add(new Field(Kind.CHECKBOX, label, initial, null));
        return this;
    }

    Form help(String text) {
        this.help = text;
        return this;
    }

    /** Asks (or reads the macro options); false when the user cancelled. */
    boolean ask() {
        String options = Macro.getOptions();
        if (GraphicsEnvironment.isHeadless()) {
            for (Field f : fields) {
                String key = Macro.trimKey(f.label());
                if (f.kind() == Kind.CHECKBOX) {
                    // a macro names a ticked checkbox by its key alone, as GenericDialog records and reads it
                    values.put(f.label(), options == null ? (Boolean) f.initial()
                            : (" " + options + " ").contains(" " + key + " "));
                    continue;
                }
                String given = options == null ? null : Macro.getValue(options, key, null);
                values.put(f.label(), parse(f, given));
            }
            return true;
        }
        GenericDialog gd = new GenericDialog(title);
        for (Field f : fields) {
            switch (f.kind()) {
                case STRING -> gd.addStringField(f.label(), (String) f.initial(), 30);
                case DIRECTORY -> gd.addDirectoryField(f.label(), (String) f.initial(), 30);
                case NUMBER -> {
                    double v = (Double) f.initial();
                    gd.addNumericField(f.label(), v, v == Math.rint(v) ? 0 : 3);
                }
                case CHOICE -> gd.addChoice(f.label(), f.choices(), (String) f.initial());
                case CHECKBOX -> gd.addCheckbox(f.label(), (Boolean) f.initial());
            }
        }
        if (help != null) {
            gd.addMessage(help);
        }
        gd.showDialog();
        if (gd.wasCanceled()) {
            return false;
        }
        for (Field f : fields) {
            values.put(f.label(), switch (f.kind()) {
                case STRING, DIRECTORY -> gd.getNextString();
                case NUMBER -> gd.getNextNumber();
                case CHOICE -> gd.getNextChoice();
                case CHECKBOX -> gd.getNextBoolean();
            });
        }
        return true;
    }

    /** A macro value (or the default when absent), as the dialog would hold it. */
    private static Object parse(Field f, String given) {
        if (given == null) {
            return f.initial();
        }
        return switch (f.kind()) {
            case NUMBER -> {
                try {
                    yield Double.parseDouble(given.strip());
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
            case CHOICE -> {
                for (String c : f.choices()) {
                    if (c.equalsIgnoreCase(given.strip())) {
                        yield c;
                    }
                }
                throw new IllegalArgumentException("'" + given + "' is not a choice of " + f.label() + " ("
                        + String.join(", ", f.choices()) + ")");
            }
            default -> given;
        };
    }

    String text(String label) {
        return ((String) values.get(label)).strip();
    }

    /** A whole number; NaN or fractions are reported with the field's name. */
    int integer(String label) {
        double v = (Double) values.get(label);
        if (!Double.isFinite(v) || v != Math.rint(v)) {
            throw new IllegalArgumentException(label.toLowerCase(Locale.ROOT) + " must be a whole number, got " + v);
        }
        return (int) v;
    }

    double number(String label) {
        double v = (Double) values.get(label);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(label.toLowerCase(Locale.ROOT) + " must be a number");
        }
        return v;
    }

    String choice(String label) {
        return (String) values.get(label);
    }

    boolean checked(String label) {
        return (Boolean) values.get(label);
    }
}
