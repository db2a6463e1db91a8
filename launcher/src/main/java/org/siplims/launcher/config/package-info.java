/**
 * Everything the launcher was told, merged from the command line, the config file, the settings
 * it remembered and the defaults, and the one-launcher-per-user lock. Uses launcher.paths and core
 * (docker, files, image).
 */
package org.siplims.launcher.config;
