// The console's Mantine theme. Fonts are the system's (Mantine's default stack): nothing is
// fetched from the network.
import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
});
