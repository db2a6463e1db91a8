@echo off
rem Windows: double-click to start the SIP LIMS launcher, or run it from a Command Prompt with
rem the launcher's options (--help lists them). Uses the Java runtime inside this folder.
setlocal
rem Relative folders on the command line are resolved from the current folder...
set "SIPLIMS_LAUNCHER_CWD=%CD%"
rem ...while Java starts from this folder: the class-data-sharing archive records the class
rem path relative to it (lib\launcher.args).
cd /d "%~dp0"
rem The start-up archive (class-data sharing) of this build: the launcher makes it in the user's
rem cache after its first start; from then on Java maps it and the page answers in half the time.
set "CACHE=%LOCALAPPDATA%\sip-lims-launcher"
if defined SIPLIMS_LAUNCHER_CACHE set "CACHE=%SIPLIMS_LAUNCHER_CACHE%"
set "CDS=%CACHE%\cds-@BUILD_ID@"
if not exist "%CDS%\app.jsa" goto first
if not exist "%CDS%\base.jsa" goto first
"%~dp0runtime\bin\java.exe" "-XX:SharedArchiveFile=%CDS%\app.jsa" "-Dsiplims.launcher.cds=%CDS%" @lib\launcher.args %*
goto done
:first
"%~dp0runtime\bin\java.exe" "-Dsiplims.launcher.cds=%CDS%" @lib\launcher.args %*
:done
set "CODE=%ERRORLEVEL%"
rem Keep the window open after an error when started by double-click.
if not "%CODE%"=="0" pause
endlocal & exit /b %CODE%
