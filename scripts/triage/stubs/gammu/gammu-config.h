/* gammu-config.h stub for pqlint's triage corpus: cmake/templates/gammu-config.h.cmake for Linux, PostgreSQL on, MySQL/ODBC/DBI off */
#ifndef _gammu_config_h_
#define _gammu_config_h_

/* -------------------------- Gammu specific ---------------------------- */

/* Version of package */
#define GAMMU_VERSION "1.42.0"
#define GAMMU_VERSION_NUM 14200

/* Define if want DEBUG info */

/* ---------------------- Connections ---------------------------------- */

/* MBUS2 over cable */
#define GSM_ENABLE_MBUS2 1

/* FBUS2 over cable */
#define GSM_ENABLE_FBUS2 1
/* FBUS2 to use with DLR3 cable (init done using AT commands) */
#define GSM_ENABLE_FBUS2DLR3 1
/* FBUS2 to use with cable with PL2303 chip (init done using AT commands) */
#define GSM_ENABLE_FBUS2PL2303 1
/* FBUS2 to use with bluetooth legacy device (init done using AT commands) */
#define GSM_ENABLE_FBUS2BLUE 1
/* FBUS2 to use with direct infrared device */
#define GSM_ENABLE_FBUS2IRDA 1

/* PHONET to use with DKU2 cable */
#define GSM_ENABLE_DKU2PHONET 1
/* AT commands to use with DKU2 cable */
#define GSM_ENABLE_DKU2AT 1
/* FBUS2 to use with DKU5 cable (init done using AT commands) */
#define GSM_ENABLE_DKU5FBUS2 1

/* PHONET FBUS to use with bluetooth legacy device */
#define GSM_ENABLE_PHONETBLUE 1

/* AT protocol */
#define GSM_ENABLE_AT 1

/* Alcatel protocol */
#define GSM_ENABLE_ALCABUS 1

/* Infrared. PHONET FBUS */
#define GSM_ENABLE_IRDAPHONET 1
/* Infrared. AT commands */
#define GSM_ENABLE_IRDAAT 1
/* Infrared. OBEX */
#define GSM_ENABLE_IRDAOBEX 1
/* Infrared */
#define GSM_ENABLE_IRDAGNAPBUS 1

#define GSM_ENABLE_BLUEGNAPBUS 1

#define GSM_ENABLE_S60 1
/* Bluetooth stack (like Bluez). FBUS2 (init done using AT commands) */
#define GSM_ENABLE_BLUEFBUS2 1
/* Bluetooth stack (like Bluez). PHONET FBUS */
#define GSM_ENABLE_BLUEPHONET 1
/* Blueooth stack (like Bluez). AT commands */
#define GSM_ENABLE_BLUEAT 1
/* Blueooth stack (like Bluez). OBEX */
#define GSM_ENABLE_BLUEOBEX 1

/* --------------------------- Phone modules (specific) ----------------- */

/* n0650.c models */
#define GSM_ENABLE_NOKIA650 1
/* n3320.c models */
#define GSM_ENABLE_NOKIA3320 1
/* n6110.c models */
#define GSM_ENABLE_NOKIA6110 1

/* n7110.c models */
#define GSM_ENABLE_NOKIA7110 1
/* n9210.c models */
#define GSM_ENABLE_NOKIA9210 1
/* It allows one to show incoming call and SMS info for 7110 family phones.
 * By default commented: you can have some problems, when using it.
 * Example: with my 6210 after using it info about incoming sms is shown much
 * earlier than sms in phone and phone restart (once and random) later after
 * connection. Seems phone firmware isn't too good here
 */
/* Show incoming Data for 7110/9210 */
#define GSM_ENABLE_N71_92INCOMINGINFO 1

/* n6510.c (DCT4) models */
#define GSM_ENABLE_NOKIA6510 1
/* Force using 6210 frames for calendar. Required by some older DCT4 */
#define GSM_FORCE_DCT4_CALENDAR_6210 1

/* n3650.c (DCT4 with Symbian) models */
#define GSM_ENABLE_NOKIA3650 1

/* Global defines for enabling phone families */
#if defined(GSM_ENABLE_NOKIA3320) || defined(GSM_ENABLE_NOKIA650) || defined(GSM_ENABLE_NOKIA6110) || defined(GSM_ENABLE_NOKIA7110) || defined(GSM_ENABLE_NOKIA9210)
#  define GSM_ENABLE_NOKIA_DCT3
#endif
#if defined(GSM_ENABLE_NOKIA3650) || defined(GSM_ENABLE_NOKIA6510)
#  define GSM_ENABLE_NOKIA_DCT4
#endif

/* AT generic models */
#define GSM_ENABLE_ATGEN 1

/* Alcatel BE5 */
#define GSM_ENABLE_ALCATEL 1

/* AT with OBEX support */
#define GSM_ENABLE_ATOBEX 1

/* Automatic switching to OBEX for AT+MODE capable phones */
#define GSM_ENABLE_ATOBEX_AUTO_MODE 1

/* OBEX generic models */
#define GSM_ENABLE_OBEXGEN 1

/* Symbian with gnapplet models */
#define GSM_ENABLE_GNAPGEN 1

/* ---------------------- General settings -------------------------------- */

/* By default commented: some people reported me (for example, with 6210
 * and 3210), that their phones doesn't answer at all sometimes or answer
 * with (too) long delay. Possible reason: firmware in phone is too slow
 * I didn't have such problems personally with phone and PC with Celeron 800
 * Please also note, that CB function was always TO CHECK in MyGnokii/Gnokii
 * too.
 */
/* Enables cell broadcast */
#define GSM_ENABLE_CELLBROADCAST 1

/* If you want backup/restore stuff. Some people wanted it - they required
 * smalled library made from Gammu and didn't require it. Please note,
 * that backup/restore stuff can be easy separated from other things.
 */
#define GSM_ENABLE_BACKUP 1

/* ---------------------- C language specific --------------------------- */

/* Do we have gettext support? */

/* Does gettext support pgettext? */

/* are the scandir functions available */
#ifndef HAVE_DIRENT_H
#define HAVE_DIRENT_H 1
#endif
#ifndef HAVE_SCANDIR
#define HAVE_SCANDIR 1
#endif
#ifndef HAVE_ALPHASORT
#define HAVE_ALPHASORT 1
#endif

#ifndef HAVE_PTHREAD
#define HAVE_PTHREAD 1
#endif
#ifndef HAVE_SIGTIMEDWAIT
#define HAVE_SIGTIMEDWAIT 1
#endif
#ifndef HAVE_SYS_IOCTL_H
#define HAVE_SYS_IOCTL_H 1
#endif
#ifndef HAVE_MYSQL_MYSQL_H
#endif
/* ODBC support */
/* Do we have libdbi ? */
#ifndef HAVE_POSTGRESQL_LIBPQ_FE_H
#define HAVE_POSTGRESQL_LIBPQ_FE_H 1
#endif
#ifndef HAVE_PQESCAPESTRINGCONN
#define HAVE_PQESCAPESTRINGCONN 1
#endif
#ifndef HAVE_SYS_UTSNAME_H
#define HAVE_SYS_UTSNAME_H 1
#endif

#ifndef HAVE_ALARM
#define HAVE_ALARM 1
#endif
#ifndef HAVE_GETPASS
#define HAVE_GETPASS 1
#endif
#ifndef HAVE_GETPID
#define HAVE_GETPID 1
#endif
#ifndef HAVE_SYSLOG
#define HAVE_SYSLOG 1
#endif
#ifndef HAVE_GETOPT
#define HAVE_GETOPT 1
#endif
#ifndef HAVE_GETOPT_LONG
#define HAVE_GETOPT_LONG 1
#endif
#ifndef HAVE_DAEMON_UNISTD
#define HAVE_DAEMON_UNISTD 1
#endif
#ifndef HAVE_DAEMON_STDLIB
#define HAVE_DAEMON_STDLIB 1
#endif
#if defined(HAVE_DAEMON_STDLIB) || defined(HAVE_DAEMON_UNISTD)
#define HAVE_DAEMON
#endif
#ifndef HAVE_KILL
#define HAVE_KILL 1
#endif
#ifndef HAVE_SIGHUP
#define HAVE_SIGHUP 1
#endif
#ifndef HAVE_SIGUSR1
#define HAVE_SIGUSR1 1
#endif
#ifndef HAVE_SIGUSR2
#define HAVE_SIGUSR2 1
#endif

#ifndef HAVE_GETPWNAM
#define HAVE_GETPWNAM 1
#endif
#ifndef HAVE_GETGRNAM
#define HAVE_GETGRNAM 1
#endif
#ifndef HAVE_INITGROUPS
#define HAVE_INITGROUPS 1
#endif
#ifndef HAVE_SETUID
#define HAVE_SETUID 1
#endif
#ifndef HAVE_SETGID
#define HAVE_SETGID 1
#endif

#ifndef HAVE_DUP_UNISTD_H
#define HAVE_DUP_UNISTD_H 1
#endif
#ifndef HAVE_DUP_IO_H
#endif

#ifndef HAVE_SHM
#define HAVE_SHM 1
#endif

#ifndef HAVE_STRPTIME
#define HAVE_STRPTIME 1
#endif

#ifndef HAVE_ISWSPACE
#define HAVE_ISWSPACE 1
#endif
#ifndef HAVE_TOWLOWER
#define HAVE_TOWLOWER 1
#endif
#ifndef HAVE_STRNCASECMP
#define HAVE_STRNCASECMP 1
#endif
#ifndef HAVE_STRCASECMP
#define HAVE_STRCASECMP 1
#endif
#ifndef HAVE_STRNICMP
#endif
#ifndef HAVE_STRICMP
#endif
#ifndef HAVE_STRCASESTR
#define HAVE_STRCASESTR 1
#endif
#ifndef HAVE_STRCHRNUL
#define HAVE_STRCHRNUL 1
#endif
#ifndef HAVE_STRTOULL
#define HAVE_STRTOULL 1
#endif
/* Size of wchar_t needs to be 4 bytes to store supplementary plan unicode */
#if 4 >= 4
#define USE_WCHAR_T 1
#endif
#ifndef HAVE_WCHAR_T
#define HAVE_WCHAR_T 1
#endif
#ifndef HAVE_WINT_T
#define HAVE_WINT_T 1
#endif
#ifndef HAVE_WCHAR_H
#define HAVE_WCHAR_H 1
#endif
#ifndef HAVE_WCTYPE_H
#define HAVE_WCTYPE_H 1
#endif

#ifndef HAVE_UNISTD_H
#define HAVE_UNISTD_H 1
#endif
#ifndef HAVE_STRINGS_H
#define HAVE_STRINGS_H 1
#endif
#ifndef HAVE_STDINT_H
#define HAVE_STDINT_H 1
#endif

#ifndef HAVE_SSIZE_T
#define HAVE_SSIZE_T 1
#endif
#ifndef HAVE_INTPTR_T
#define HAVE_INTPTR_T 1
#endif
#ifndef HAVE_GETPWUID
#define HAVE_GETPWUID 1
#endif
#ifndef HAVE_GETUID
#define HAVE_GETUID 1
#endif
#ifndef HAVE_I_SETSIG
#endif

/**
 * __FUNCTION__ support
 */
#define HAVE_MACRO_FUNCTION 1

/**
 * struct tm.tm_zone support.
 */
#ifndef HAVE_STRUCT_TM_TM_ZONE
#define HAVE_STRUCT_TM_TM_ZONE 1
#endif

/**
 * daylight variable
 */
#ifndef HAVE_DAYLIGHT
#define HAVE_DAYLIGHT 1
#endif

/**
 * __FUNC__ support
 */
#define HAVE_MACRO_FUNC 1

/* Iconv support */
#define ICONV_FOUND 1
#define ICONV_SECOND_ARGUMENT_IS_CONST 1

/* CURL support */
#define CURL_FOUND 1

/* Will be used Bluez stack ? */
#define BLUEZ_FOUND 1

/* Do we have libusb-1.0 ? */
#define LIBUSB_FOUND 1

/* Will be used BSD Bluetooth stack ? */
#define BSD_BLUE_FOUND 1

/* Will be used OSX Bluetooth stack ? */
#define OSX_BLUE_FOUND 1
/* 2.0 OSX Bluetooth API? */
#define OSX_BLUE_2_0 1

/* Enable Bluetooth channnel searching? */
#define BLUETOOTH_RF_SEARCHING 1

/* Enable Glib */
#define G 1

/* spawnv argument type */
#define SPAWNV_ARGUMENT_IS_CONST 1

/* Path where locales will be installed */
#define LOCALE_PATH """/"""

/* Path where locales will be installed */
#define GAMMU_DATA_PATH """/"""

/* Most winapi crap can be used as well from Cygwin */
#if defined(WIN32) || defined(__CYGWIN__)
#define HAVE_WINDOWS_SERVICE
#define HAVE_WINDOWS_EVENT_LOG
#endif

#if !defined(WIN32) && defined(HAVE_PTHREAD) && defined(HAVE_SIGTIMEDWAIT)
#define GSM_ENABLE_PROXY
#endif

#endif
