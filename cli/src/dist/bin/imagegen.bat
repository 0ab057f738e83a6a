@echo off
rem imagegen: runs the imagegen command-line tool of this distribution (lib\imagegen.jar).
rem
rem Needs a Java 17+ runtime: %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else java.exe on the PATH.
rem IMAGEGEN_JAVA_OPTS: extra JVM options, e.g. set IMAGEGEN_JAVA_OPTS=-Xmx2g
rem Exit code 1 when no suitable Java is found, with a message saying what to do.

setlocal EnableExtensions DisableDelayedExpansion

set "APP_HOME=%~dp0.."
set "IMAGEGEN_JAR=%APP_HOME%\lib\imagegen.jar"
if exist "%IMAGEGEN_JAR%" goto findJava
echo imagegen: "%IMAGEGEN_JAR%" is missing: unpack the whole distribution, not only bin 1>&2
exit /b 1

:findJava
if not defined JAVA_HOME goto javaFromPath
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto checkVersion
echo imagegen: JAVA_HOME is set to "%JAVA_HOME%", but "%JAVA_EXE%" does not exist (fix or unset JAVA_HOME) 1>&2
exit /b 1

:javaFromPath
set "JAVA_EXE="
for %%i in (java.exe) do set "JAVA_EXE=%%~$PATH:i"
if defined JAVA_EXE goto checkVersion
echo imagegen: no Java found: install a Java 17+ runtime and put it on the PATH, or set JAVA_HOME 1>&2
exit /b 1

:checkVersion
rem The line 'openjdk version "17.0.15" ...' or 'java version "1.8.0_402" ...'; "call" keeps a path with spaces
rem or parentheses (C:\Program Files (x86)\...) intact.
set "JAVA_VERSION="
for /f "tokens=1,2,3" %%a in ('call "%%JAVA_EXE%%" -version 2^>^&1') do (
  if not defined JAVA_VERSION if "%%b"=="version" set "JAVA_VERSION=%%~c"
)
if defined JAVA_VERSION goto parseVersion
echo imagegen: cannot tell the version of "%JAVA_EXE%" 1>&2
exit /b 1

:parseVersion
set "JAVA_FEATURE="
set "JAVA_MINOR="
for /f "tokens=1,2 delims=._-+" %%a in ("%JAVA_VERSION%") do (
  set "JAVA_FEATURE=%%a"
  set "JAVA_MINOR=%%b"
)
if "%JAVA_FEATURE%"=="1" set "JAVA_FEATURE=%JAVA_MINOR%"
set /a JAVA_FEATURE_NUMBER=JAVA_FEATURE 2>nul
if %JAVA_FEATURE_NUMBER% GEQ 17 goto run
echo imagegen: imagegen needs Java 17 or newer; "%JAVA_EXE%" is Java %JAVA_VERSION% (set JAVA_HOME to a Java 17+ installation) 1>&2
exit /b 1

:run
"%JAVA_EXE%" %IMAGEGEN_JAVA_OPTS% -jar "%IMAGEGEN_JAR%" %*
exit /b %ERRORLEVEL%
