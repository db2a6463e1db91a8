@echo off
rem Windows: double-click to start the SIP LIMS launcher, or run it from a Command Prompt with
rem the launcher's options (--help lists them). Uses the Java runtime inside this folder.
setlocal
rem Relative folders on the command line are resolved from the current folder...
set "SIPLIMS_LAUNCHER_CWD=%CD%"
rem ...while Java starts from this folder: the class-data-sharing archive recorded the class
rem path relative to it (lib\launcher.args).
cd /d "%~dp0"
"%~dp0runtime\bin\java.exe" @lib\launcher.args %*
set "CODE=%ERRORLEVEL%"
rem Keep the window open after an error when started by double-click.
if not "%CODE%"=="0" pause
endlocal & exit /b %CODE%
