package dev.casefile.cli;

import java.io.PrintStream;

/** Lets tests in other packages run a command as the command line would, without System.exit. */
public final class MainAccess {

    private MainAccess() {
    }

    public static int run(String[] args, PrintStream out) {
        return Main.run(args, java.util.Map.of(), out);
    }
}
