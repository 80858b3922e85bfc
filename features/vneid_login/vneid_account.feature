# language: vi
@vneid_tai_khoan
Tính năng: Đăng nhập bằng tài khoản VNeID
  Người dân không mang thẻ và không có điện thoại thông minh vẫn đăng nhập được: số định danh,
  mật khẩu VNeID (được ẩn khi nhập) và mã OTP gửi đến điện thoại. Nhập sai mật khẩu 5 lần thì
  tài khoản bị tạm khóa 15 phút.

  Bối cảnh:
    Biết người dân có tài khoản VNeID với mật khẩu "Mat-khau-2025"
    Và ki-ốt đang chờ ở màn hình chào
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Tài khoản VNeID"

  Kịch bản: Số định danh, mật khẩu và mã OTP thì đăng nhập được, đăng xuất thì phiên bị thu hồi
    Khi người dân gõ số định danh và mật khẩu "Mat-khau-2025"
    Thì màn hình không hiển thị "Mat-khau-2025"
    Và màn hình hiển thị "•••••••••••••"
    Khi người dân chạm "Tiếp tục"
    Thì màn hình hiển thị "Nhập mã OTP"
    Khi người dân nhập mã OTP vừa nhận trên điện thoại
    Thì màn hình hiển thị "Đăng nhập thành công"
    Khi người dân chạm "Tiếp tục"
    Và người dân đăng xuất
    Thì thông tin cá nhân không còn trên ki-ốt
    Và phiên tài khoản VNeID đã bị thu hồi trên hệ thống tỉnh

  Kịch bản: Nhập sai mật khẩu 5 lần thì tài khoản bị tạm khóa 15 phút
    Khi người dân nhập số định danh và mật khẩu "sai-mat-khau"
    Thì màn hình hiển thị "Nhập sai 5 lần liên tiếp, tài khoản sẽ bị tạm khóa 15 phút."
    Khi người dân nhập lại mật khẩu "sai-mat-khau" 4 lần
    Thì màn hình hiển thị "Tài khoản tạm khóa"
    Và màn hình hiển thị "Đăng nhập cách khác (thẻ căn cước)"
    Khi người dân chạm "Quay lại"
    Và người dân nhập số định danh và mật khẩu "Mat-khau-2025"
    Thì màn hình hiển thị "Tài khoản tạm khóa"
    Khi đồng hồ của hệ thống tỉnh chạy thêm 900 giây
    Và người dân chạm "Quay lại"
    Và người dân nhập số định danh và mật khẩu "Mat-khau-2025"
    Thì màn hình hiển thị "Nhập mã OTP"

  Kịch bản: Tài khoản bị khóa thì đăng nhập bằng thẻ căn cước
    Khi người dân nhập số định danh và mật khẩu "sai-mat-khau"
    Và người dân nhập lại mật khẩu "sai-mat-khau" 4 lần
    Và người dân chạm "Đăng nhập cách khác (thẻ căn cước)"
    Thì màn hình hiển thị "Đặt thẻ"
    Và màn hình không hiển thị "Tài khoản tạm khóa"

  Kịch bản: Nhập sai mã OTP thì được nhập lại
    Khi người dân nhập số định danh và mật khẩu "Mat-khau-2025"
    Và người dân nhập mã OTP "000000"
    Thì màn hình hiển thị "Mã OTP không đúng."
    Khi người dân nhập mã OTP vừa nhận trên điện thoại
    Thì màn hình hiển thị "Đăng nhập thành công"
