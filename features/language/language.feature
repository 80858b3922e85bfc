# language: vi
Tính năng: Ngôn ngữ và hỗ trợ tiếp cận
  Ki-ốt mặc định tiếng Việt; người dân có thể chọn tiếng Anh, chữ lớn và tương phản cao.

  Bối cảnh:
    Biết ki-ốt đang chờ ở màn hình chào

  Kịch bản: Chuyển sang tiếng Anh
    Khi người dân chạm "English"
    Thì màn hình hiển thị "Touch to begin"
    Và màn hình không hiển thị "Chạm để bắt đầu"

  Kịch bản: Phiên mới lại bắt đầu bằng tiếng Việt
    Khi người dân chạm "English"
    Và người dân chạm "Touch to begin"
    Và 200 giây trôi qua
    Thì màn hình hiển thị "Chạm để bắt đầu"

  Kịch bản: Chữ lớn và tương phản cao
    Khi người dân chạm "Chữ lớn: Tắt"
    Và người dân chạm "Tương phản cao: Tắt"
    Thì màn hình hiển thị "Chữ lớn: Bật"
    Và màn hình hiển thị "Tương phản cao: Bật"
    Và chữ trên màn hình lớn hơn bình thường
